package leadrouter.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A delivery's progress text reads back as what was written, and text it cannot read is nothing, or no more than it can read. */
class PipedriveProgressTest {
    private static final Instant AT = Instant.parse("2026-01-05T15:05:00Z");

    @Test
    void eachStateReadsBackAsWritten() {
        for (PipedriveProgress p : new PipedriveProgress[]{PipedriveProgress.person("42"), PipedriveProgress.sent(AT),
                PipedriveProgress.leadSent("42", AT)}) {
            assertThat(PipedriveProgress.parse(p.text())).isEqualTo(p);
        }
        assertThat(PipedriveProgress.leadSent("42", AT).text()).isEqualTo("person=42;lead-sent=2026-01-05T15:05:00Z");
        assertThat(PipedriveProgress.NONE.text()).isNull();
    }

    @Test
    void unreadableTextIsNothingOrThePersonAlone() {
        assertThat(PipedriveProgress.parse("person=42;lead-sent=soon")).isEqualTo(PipedriveProgress.person("42"));
        assertThat(PipedriveProgress.parse("person=abc;lead-sent=2026-01-05T15:05:00Z")).isEqualTo(PipedriveProgress.NONE);
        assertThat(PipedriveProgress.parse("person-sent=yesterday")).isEqualTo(PipedriveProgress.NONE);
        assertThat(PipedriveProgress.parse("lead=7")).isEqualTo(PipedriveProgress.NONE);
        assertThat(PipedriveProgress.parse(null)).isEqualTo(PipedriveProgress.NONE);
    }
}
