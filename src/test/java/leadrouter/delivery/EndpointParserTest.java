package leadrouter.delivery;

import leadrouter.config.ConfigError;
import leadrouter.delivery.HttpEndpoint.Auth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static leadrouter.delivery.Fixtures.errors;
import static leadrouter.delivery.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EndpointParserTest {

    /** The issue's example, with the secret quoted: unquoted, {@code ${...}} inside a YAML flow map is not valid YAML. */
    @Test
    void parsesTheIssueExample() {
        HttpEndpoint http = spec("""
                type: http
                url: https://crm.sunco.example/leads
                method: POST
                format: json
                headers: {X-Source: leadrouter}
                auth: {type: bearer, token: "${SUNCO_TOKEN}"}
                mapping: {FirstName: "{{first_name}}", Phone: "{{phone | digits}}", LeadId: "{{lead.id}}"}
                success: {status: 2xx, body_contains: accepted}
                duplicate: {body_contains: duplicate}
                buyer_lead_id: {json_path: $.id}
                timeout: 5s
                retry: {attempts: 5, backoff: 2s, max_backoff: 5m}
                circuit: {failure_rate: 50, window: 20, open_for: 60s}
                """);
        assertThat(http.type()).isEqualTo("http");
        assertThat(http.notification()).isFalse();
        assertThat(http.url().source()).isEqualTo("https://crm.sunco.example/leads");
        assertThat(http.method()).isEqualTo("POST");
        assertThat(http.format()).isEqualTo(HttpEndpoint.Format.JSON);
        assertThat(http.headers()).containsOnlyKeys("X-Source");
        assertThat(http.auth()).isEqualTo(new Auth.Bearer(Template.compile("${SUNCO_TOKEN}")));
        assertThat(http.mapping().fields()).extracting(Mapping.Field::target).containsExactly("FirstName", "Phone", "LeadId");
        assertThat(http.response().successStatus()).isEqualTo(StatusSet.SUCCESS);
        assertThat(http.response().success().bodyContains()).isEqualTo("accepted");
        assertThat(http.response().duplicate().bodyContains()).isEqualTo("duplicate");
        assertThat(http.response().buyerLeadId().path().source()).isEqualTo("$.id");
        assertThat(http.idempotencyHeader()).isEqualTo("Idempotency-Key");
        assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.retry()).isEqualTo(new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(24), RetryPolicy.Jitter.EQUAL));
        assertThat(http.circuit()).isEqualTo(new CircuitSettings(50, 20, 5, Duration.ofSeconds(60), 1));

        SlackEndpoint slack = spec("""
                type: slack
                webhook_url: ${SUNCO_SLACK_WEBHOOK}
                text: "New lead {{first_name}} ({{state}}) → {{buyer.name}}"
                """);
        assertThat(slack.notification()).isTrue();
        assertThat(slack.webhookUrl().secretNames()).containsExactly("SUNCO_SLACK_WEBHOOK");
        assertThat(slack.options()).isEqualTo(EndpointOptions.DEFAULT);
    }

    @Test
    void defaultsAndEveryType() {
        HttpEndpoint http = spec("type: http\nurl: http://buyer.example/post");
        assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(http.method()).isEqualTo("POST");
        assertThat(http.response()).isEqualTo(ResponseRules.DEFAULT);
        assertThat(http.auth()).isEqualTo(new Auth.None());

        HubSpotEndpoint hs = spec("type: hubspot\ntoken: ${HS}\nowner: '41629779'");
        assertThat(hs.baseUrl().source()).isEqualTo("https://api.hubapi.com");
        assertThat(hs.mapping()).isEqualTo(HubSpotEndpoint.DEFAULT_MAPPING);

        SalesforceEndpoint sf = spec("type: salesforce\nbase_url: https://acme.my.salesforce.com\ntoken: ${SF}\nauto_assign: true");
        assertThat(sf.apiVersion()).isEqualTo("v62.0");
        assertThat(sf.autoAssign()).isEqualTo("TRUE");

        DynamicsEndpoint d = spec("type: dynamics\nbase_url: https://acme.crm.dynamics.com\ntoken: ${D}\nduplicate_detection: false");
        assertThat(d.entitySet()).isEqualTo("leads");
        assertThat(d.detectDuplicates()).isFalse();

        PipedriveEndpoint p = spec("type: pipedrive\ntoken: ${P}\ntoken_in: query\nowner: '123'\nlead_mapping: {title: 'Lead {{lead.id}}'}");
        assertThat(p.tokenInQuery()).isTrue();
        assertThat(p.person()).isEqualTo(PipedriveEndpoint.DEFAULT_PERSON);

        TwilioEndpoint t = spec("type: twilio\naccount_sid: AC123\nauth_token: ${TW}\nfrom: '+15017122661'\nto: '+15558675310'\nbody: 'Lead {{lead.id}}'");
        assertThat(t.messagingServiceSid()).isNull();

        ResendEndpoint r = spec("type: resend\napi_key: ${RS}\nfrom: a@b.example\nto: [c@d.example, '{{email}}']\nsubject: New lead\ntext: hi");
        assertThat(r.to()).hasSize(2);
        assertThat(r.html()).isNull();
    }

    @Test
    void consecutiveFailuresIsAFullWindowOfFailures() {
        HttpEndpoint http = spec("type: http\nurl: https://b.example\ncircuit: {consecutive_failures: 3, open_for: 200ms}");
        assertThat(http.circuit()).isEqualTo(new CircuitSettings(100, 3, 3, Duration.ofMillis(200), 1));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("type: ftp", "e.type", "unknown endpoint type 'ftp'"),
                arguments("url: https://x.example", "e.type", "endpoint needs a type"),
                arguments("type: http\nurl: https://x.example\ncolour: red", "e.colour", "unknown key (allowed: auth, buyer_lead_id, circuit, duplicate, format, headers"),
                arguments("type: http", "e.url", "is required"),
                arguments("type: http\nurl: ftp://x.example/in", "e.url", "must be http(s)"),
                arguments("type: http\nurl: not a url", "e.url", "bad URL"),
                arguments("type: http\nurl: 'mailto:{{email}}'", "e.url", "must be http(s)"),
                arguments("type: http\nurl: https://x.example\nmethod: DELETE", "e.method", "must be one of GET, POST, PUT, PATCH"),
                arguments("type: http\nurl: https://x.example\nformat: yaml", "e.format", "must be one of json, form, xml"),
                arguments("type: http\nurl: https://x.example\nmethod: GET\nformat: json", "e.format", "GET sends the mapping as query parameters"),
                arguments("type: http\nurl: https://x.example\ntimeout: 5", "e.timeout", "must be a duration such as 5s"),
                arguments("type: http\nurl: https://x.example\ntimeout: 5 seconds", "e.timeout", "bad duration '5 seconds'"),
                arguments("type: http\nurl: https://x.example\ntimeout: 10m", "e.timeout", "at most 5m"),
                arguments("type: http\nurl: https://x.example\nretry: {backoff: 2x}", "e.retry.backoff", "bad duration"),
                arguments("type: http\nurl: https://x.example\nretry: {attempts: 0}", "e.retry", "attempts must be 1..100"),
                arguments("type: http\nurl: https://x.example\nretry: {backoff: 10m, max_backoff: 1m}", "e.retry", "max_backoff must be at least backoff"),
                arguments("type: http\nurl: https://x.example\nretry: {tries: 3}", "e.retry.tries", "unknown key (allowed: attempts, backoff, give_up_after, jitter, max_backoff)"),
                arguments("type: http\nurl: https://x.example\nretry: {jitter: random}", "e.retry.jitter", "must be one of full, equal, none"),
                arguments("type: http\nurl: https://x.example\ncircuit: {failure_rate: 150}", "e.circuit", "failure_rate must be 1..100"),
                arguments("type: http\nurl: https://x.example\ncircuit: {window: 5, minimum_calls: 10}", "e.circuit", "minimum_calls must be 1..window"),
                arguments("type: http\nurl: https://x.example\ncircuit: {consecutive_failures: 3, window: 10}", "e.circuit.window", "not both"),
                arguments("type: http\nurl: https://x.example\ncircuit: {open_for: soon}", "e.circuit.open_for", "bad duration"),
                arguments("type: http\nurl: https://x.example\ncircuit: 5", "e.circuit", "must be a map"),
                arguments("type: http\nurl: https://x.example\nmapping: {name: '{{first_name | shout}}'}", "e.mapping.name", "unknown filter 'shout'"),
                arguments("type: http\nurl: https://x.example\nmapping: {name: '{{first_name'}", "e.mapping.name", "unclosed"),
                arguments("type: http\nurl: https://x.example\nmapping: [a, b]", "e.mapping", "must be a map"),
                arguments("type: http\nurl: https://x.example\nmapping: {a: {b: c}}", "e.mapping.a", "must be a template string"),
                arguments("type: http\nurl: https://x.example\nmapping: {contact: x, contact.name: y}", "e.mapping.contact.name", "conflicts with 'contact'"),
                arguments("type: http\nurl: https://x.example\nmapping: {a..b: x}", "e.mapping.a..b", "empty part"),
                arguments("type: http\nurl: https://x.example\nformat: xml\nmapping: {'first name': x}", "e.mapping.first name", "not a valid XML element name"),
                arguments("type: http\nurl: https://x.example\nformat: xml\nxml_root: '1lead'", "e.xml_root", "not a valid XML element name"),
                arguments("type: http\nurl: https://x.example\nxml_root: lead", "e.xml_root", "applies only to format: xml"),
                arguments("type: http\nurl: https://x.example\nheaders: {'Bad Header': x}", "e.headers.Bad Header", "not a valid header name"),
                arguments("type: http\nurl: https://x.example\nheaders: {Host: x}", "e.headers.Host", "cannot be configured"),
                arguments("type: http\nurl: https://x.example\nheaders: {X-A: '{{a | nope}}'}", "e.headers.X-A", "unknown filter"),
                arguments("type: http\nurl: https://x.example\nauth: {type: oauth}", "e.auth.type", "must be one of basic, bearer, header, query"),
                arguments("type: http\nurl: https://x.example\nauth: {token: x}", "e.auth.type", "auth needs a type"),
                arguments("type: http\nurl: https://x.example\nauth: {type: basic, username: u}", "e.auth.password", "is required"),
                arguments("type: http\nurl: https://x.example\nauth: {type: bearer, token: t, extra: 1}", "e.auth.extra", "unknown key (allowed: token, type)"),
                arguments("type: http\nurl: https://x.example\nauth: {type: header, value: v}", "e.auth.name", "is required"),
                arguments("type: http\nurl: https://x.example\nauth: {type: query, name: key, value: '${bad name}'}", "e.auth.value", "bad secret name"),
                arguments("type: http\nurl: https://x.example\nsuccess: {status: 2xy}", "e.success.status", "bad status '2xy'"),
                arguments("type: http\nurl: https://x.example\nsuccess: {status: [200, 601]}", "e.success.status", "bad status '601'"),
                arguments("type: http\nurl: https://x.example\nsuccess: {equals: ok}", "e.success.equals", "needs json_path"),
                arguments("type: http\nurl: https://x.example\nsuccess: {json_path: status}", "e.success.json_path", "must start with $"),
                arguments("type: http\nurl: https://x.example\nsuccess: {json_path: '$.a[*]'}", "e.success.json_path", "only [index] and ['name']"),
                arguments("type: http\nurl: https://x.example\nsuccess: {regex: '(unclosed'}", "e.success.regex", "bad regex"),
                arguments("type: http\nurl: https://x.example\nsuccess: {body_contains: ''}", "e.success.body_contains", "must not be empty"),
                arguments("type: http\nurl: https://x.example\nreject: {reason_path: $.reason}", "e.reject", "needs at least one of status, body_contains, json_path, regex"),
                arguments("type: http\nurl: https://x.example\nreject: {json_path: $.ok, reason_path: $.a, reason_regex: x}", "e.reject.reason_path", "not both"),
                arguments("type: http\nurl: https://x.example\nduplicate: {matches: dup}", "e.duplicate.matches", "unknown key"),
                arguments("type: http\nurl: https://x.example\nbuyer_lead_id: {json_path: $.id, regex: x}", "e.buyer_lead_id", "exactly one of json_path and regex"),
                arguments("type: http\nurl: https://x.example\nprice: {}", "e.price", "exactly one of json_path and regex"),
                arguments("type: http\nurl: https://x.example\nresponse_format: html", "e.response_format", "must be one of auto, json, xml, text"),
                arguments("type: http\nurl: https://x.example\nidempotency_header: 'has space'", "e.idempotency_header", "must be a header name, or false"),
                arguments("type: http\nurl: https://x.example\nomit_empty: yes please", "e.omit_empty", "must be true or false"),
                arguments("type: hubspot", "e.token", "is required"),
                arguments("type: hubspot\ntoken: t\nbase_url: ftp://h.example", "e.base_url", "must be http(s)"),
                arguments("type: hubspot\ntoken: t\nmapping: {email: '{{email | nope}}'}", "e.mapping.email", "unknown filter"),
                arguments("type: salesforce\ntoken: t", "e.base_url", "is required"),
                arguments("type: salesforce\nbase_url: https://a.example\ntoken: t\napi_version: '62'", "e", "api_version looks like v62.0"),
                arguments("type: salesforce\nbase_url: https://a.example\ntoken: t\nauto_assign: sometimes", "e.auto_assign", "must be true, false or an assignment rule id"),
                arguments("type: dynamics\nbase_url: https://a.example\ntoken: t\nentity_set: Leads", "e", "entity_set is a lower-case entity set name"),
                arguments("type: pipedrive\ntoken: t\ntoken_in: cookie", "e.token_in", "must be one of header, query"),
                arguments("type: slack", "e.webhook_url", "is required"),
                arguments("type: slack\nwebhook_url: https://hooks.slack.example/x\nchannel: '#leads'", "e.channel", "unknown key (allowed: circuit, retry, text, timeout, type, webhook_url)"),
                arguments("type: twilio\naccount_sid: AC1\nauth_token: t\nto: '+1555'\nbody: hi", "e.from", "exactly one of from and messaging_service_sid"),
                arguments("type: twilio\naccount_sid: AC1\nauth_token: t\nfrom: '+1'\nbody: hi", "e.to", "is required"),
                arguments("type: resend\napi_key: k\nfrom: a@b.example\nto: x@y.example\nsubject: s", "e.text", "give html or text"),
                arguments("type: resend\napi_key: k\nfrom: a@b.example\nto: []\nsubject: s\ntext: t", "e.to", "needs 1 to 50 addresses"),
                arguments("type: resend\napi_key: k\nfrom: a@b.example\nsubject: s\ntext: t", "e.to", "is required"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("invalid")
    void reportsProblemsWithTheirPath(String yaml, String path, String message) {
        List<ConfigError> errors = errors(yaml);
        assertThat(errors).as("errors for %s", yaml).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.message()).contains(message);
        });
    }

    @Test
    void reportsEveryProblemAtOnce() {
        List<ConfigError> errors = errors("""
                type: http
                url: ftp://x.example
                method: TRACE
                timeout: fast
                mapping: {a: '{{a | nope}}'}
                success: {status: 9xx}
                """);
        assertThat(errors).extracting(ConfigError::path)
                .contains("e.url", "e.method", "e.timeout", "e.mapping.a", "e.success.status");
    }

    @Test
    void urlsWithSecretsOrTemplatesAreCheckedAsFarAsPossible() {
        assertThat(errors("type: http\nurl: ${BUYER_URL}")).isEmpty();
        assertThat(errors("type: http\nurl: 'https://b.example/{{lead.campaign}}?k=${KEY}'")).isEmpty();
        assertThat(errors("type: http\nurl: 'HTTPS://B.EXAMPLE/in'")).isEmpty();
    }

    @Test
    void idempotencyHeaderCanBeRenamedOrTurnedOff() {
        HttpEndpoint renamed = spec("type: http\nurl: https://x.example\nidempotency_header: X-Request-Id");
        assertThat(renamed.idempotencyHeader()).isEqualTo("X-Request-Id");
        HttpEndpoint off = spec("type: http\nurl: https://x.example\nidempotency_header: false");
        assertThat(off.idempotencyHeader()).isNull();
    }
}
