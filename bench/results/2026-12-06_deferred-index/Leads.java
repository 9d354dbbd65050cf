import java.sql.*;
import java.nio.file.*;
public class Leads {
  public static void main(String[] a) throws Exception {
    String variant = a[0];
    Path dir = Files.createTempDirectory("exp");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"))) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL"); s.execute("PRAGMA synchronous=OFF"); s.execute("PRAGMA cache_size=-262144");
        s.execute("CREATE TABLE leads (id TEXT PRIMARY KEY, campaign TEXT NOT NULL, source TEXT NOT NULL, status TEXT NOT NULL, received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, defer_until INTEGER, config_version INTEGER NOT NULL, fields_json TEXT NOT NULL, duplicate_of TEXT, idempotency_key TEXT, queue TEXT, speed_to_lead_ms INTEGER) STRICT");
        s.execute("CREATE INDEX leads_campaign_status_id ON leads (campaign, status, id)");
        s.execute("CREATE INDEX leads_campaign_id ON leads (campaign, id)");
        s.execute("CREATE INDEX leads_status_id ON leads (status, id)");
        if (variant.equals("old")) s.execute("CREATE INDEX leads_status_defer ON leads (status, defer_until)");
        else s.execute("CREATE INDEX leads_deferred ON leads (defer_until, id) WHERE status = 'deferred'");
        s.execute("CREATE UNIQUE INDEX leads_idempotency ON leads (source, idempotency_key) WHERE idempotency_key IS NOT NULL");
      }
      c.setAutoCommit(false);
      String fields = "{\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"phone\":\"+14155550123\",\"email\":\"jane.doe.123456@example.com\",\"state\":\"CA\",\"zip\":\"94107\",\"monthly_bill\":260}";
      PreparedStatement ps = c.prepareStatement("INSERT INTO leads (id, campaign, source, status, received_at, updated_at, defer_until, config_version, fields_json, duplicate_of, idempotency_key, queue, speed_to_lead_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      long n = 0;
      for (int r = 0; r < Integer.parseInt(a[1]); r++) {
        long t0 = System.nanoTime();
        for (int b = 0; b < 100; b++) {
          for (int i = 0; i < 200; i++) {
            n++;
            ps.setString(1, String.format("01J%023d", n)); ps.setString(2, "solar"); ps.setString(3, "bench"); ps.setString(4, "routed");
            ps.setLong(5, n); ps.setLong(6, n); ps.setNull(7, Types.BIGINT); ps.setInt(8, 1); ps.setString(9, fields);
            ps.setNull(10, Types.VARCHAR); ps.setNull(11, Types.VARCHAR); ps.setNull(12, Types.VARCHAR); ps.setNull(13, Types.BIGINT);
            ps.addBatch();
          }
          ps.executeBatch();
          c.commit();
        }
        System.out.printf("%s round %d: %.2f µs/row%n", variant, r, (System.nanoTime() - t0) / 20000.0 / 1000.0);
      }
    }
  }
}
