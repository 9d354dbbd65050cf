package leadrouter.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTest {
    @Test
    void readsAFileOfNameValueLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("secrets.env");
        Files.writeString(f, """
                # buyer credentials
                SUNCO_TOKEN=abc=def==

                export HS_TOKEN = pat-na1-xyz
                QUOTED="with spaces "
                SINGLE='x#y'
                EMPTY=
                """);
        Secrets s = Secrets.file(f);
        assertThat(s.get("SUNCO_TOKEN")).isEqualTo("abc=def==");
        assertThat(s.get("HS_TOKEN")).isEqualTo("pat-na1-xyz");
        assertThat(s.get("QUOTED")).isEqualTo("with spaces ");
        assertThat(s.get("SINGLE")).isEqualTo("x#y");
        assertThat(s.get("EMPTY")).isEmpty();
        assertThat(s.get("NOPE")).isNull();
    }

    @Test
    void aBadLineNamesTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.env");
        Files.writeString(f, "A=1\njust words\n");
        assertThatThrownBy(() -> Secrets.file(f)).hasMessage(f + ":2: expected NAME=value");
        assertThatThrownBy(() -> Secrets.file(dir.resolve("missing.env"))).hasMessageContaining("cannot read secrets file");
    }

    @Test
    void sourcesCombine() {
        Secrets s = Secrets.firstOf(Secrets.of(Map.of("A", "file")), Secrets.of(Map.of("A", "env", "B", "env")));
        assertThat(s.get("A")).isEqualTo("file");
        assertThat(s.get("B")).isEqualTo("env");
        assertThat(Secrets.env().get("PATH")).isEqualTo(System.getenv("PATH"));
    }
}
