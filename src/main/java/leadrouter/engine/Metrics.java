package leadrouter.engine;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import leadrouter.store.GroupCommit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** The numbers /metrics serves, in Prometheus text format. One registry per server. */
public final class Metrics {
    public final PrometheusRegistry registry = new PrometheusRegistry();

    public final Counter received = Counter.builder().name("leadrouter_leads_received_total")
            .help("Leads received and recorded, by campaign").labelNames("campaign").register(registry);
    public final Counter invalid = Counter.builder().name("leadrouter_leads_invalid_total")
            .help("Posts refused as invalid (4xx), by reason").labelNames("reason").register(registry);
    public final Counter outcomes = Counter.builder().name("leadrouter_leads_total")
            .help("Routing outcomes, by campaign and status (assigned, deferred, unassigned, duplicate)")
            .labelNames("campaign", "status").register(registry);
    public final Counter assignments = Counter.builder().name("leadrouter_assignments_total")
            .help("Assignments made, by buyer").labelNames("buyer").register(registry);
    public final Histogram decisionSeconds = Histogram.builder().name("leadrouter_decision_seconds")
            .help("Time to decide one lead (the pure routing decision)")
            .classicUpperBounds(1e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05)
            .classicOnly().register(registry);
    public final Histogram ingestSeconds = Histogram.builder().name("leadrouter_ingest_seconds")
            .help("Time from request received to lead durably recorded")
            .classicUpperBounds(1e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
            .classicOnly().register(registry);
    public final Histogram commitSeconds = Histogram.builder().name("leadrouter_store_commit_seconds")
            .help("Time to write and sync one group commit")
            .classicUpperBounds(5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
            .classicOnly().register(registry);
    public final Histogram commitLeads = Histogram.builder().name("leadrouter_store_commit_tasks")
            .help("Writes (mostly leads) per group commit")
            .classicUpperBounds(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)
            .classicOnly().register(registry);
    public final Counter deliveries = Counter.builder().name("leadrouter_delivery_attempts_total")
            .help("Delivery attempts, by endpoint type and outcome").labelNames("type", "outcome").register(registry);
    public final Histogram speedToLead = Histogram.builder().name("leadrouter_speed_to_lead_seconds")
            .help("Ingest to first successful delivery of a lead")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 60, 300, 3600)
            .classicOnly().register(registry);

    /** Where the writer's durable tasks (mostly leads) spend their time; read from it at each scrape. */
    public void watch(GroupCommit writer) {
        CounterWithCallback.builder().name("leadrouter_writer_stage_seconds")
                .help("Time the writer's durable tasks spent in each stage (queued, running, waiting_for_committer, "
                        + "committing, syncing, answering), summed; per task: divide by leadrouter_writer_tasks_total")
                .labelNames("stage")
                .callback(cb -> {
                    for (GroupCommit.Stage s : GroupCommit.Stage.values()) {
                        cb.call(writer.stageNanos(s) / 1e9, s.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
        CounterWithCallback.builder().name("leadrouter_writer_tasks")
                .help("Tasks of the writer answered once durable (leads, delivery results, config changes)")
                .callback(cb -> cb.call(writer.tasksAnswered()))
                .register(registry);
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
