package leadrouter.bench.loadgen;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseParserTest {

    private final ResponseParser p = new ResponseParser();

    private int parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return p.parse(b, 0, b.length);
    }

    @Test
    void contentLengthBody() {
        String r = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\ncontent-length: 13\r\n\r\n{\"id\":1,\"s\":2}";
        // 13 of the 14 body bytes belong to this response.
        assertThat(parse(r)).isEqualTo(r.length() - 1);
        assertThat(p.status).isEqualTo(201);
        assertThat(p.close).isFalse();
    }

    @Test
    void incompleteUntilTheWholeBodyArrives() {
        String r = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345";
        assertThat(parse(r)).isEqualTo(ResponseParser.INCOMPLETE);
        assertThat(parse("HTTP/1.1 200 OK\r\nContent-Len")).isEqualTo(ResponseParser.INCOMPLETE);
        assertThat(parse(r + "67890")).isEqualTo(r.length() + 5);
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() {
        String r = "HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: y\r\n\r\n";
        assertThat(parse(r)).isEqualTo(r.length());
        assertThat(p.status).isEqualTo(409);
        assertThat(new String(r.getBytes(StandardCharsets.ISO_8859_1), p.bodyStart, p.bodyLength, StandardCharsets.ISO_8859_1)).isEqualTo("hello");
        assertThat(parse(r.substring(0, r.length() - 2))).isEqualTo(ResponseParser.INCOMPLETE);
        assertThat(parse(r.substring(0, r.indexOf("world")))).isEqualTo(ResponseParser.INCOMPLETE);
    }

    @Test
    void connectionCloseAndBodyUntilEof() {
        assertThat(parse("HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")).isPositive();
        assertThat(p.close).isTrue();
        assertThat(parse("HTTP/1.1 500 Oops\r\nConnection: close\r\n\r\npartial")).isEqualTo(ResponseParser.INCOMPLETE);
        assertThat(p.untilEof).isTrue();
        assertThat(p.bodyLength).isEqualTo(7);
    }

    @Test
    void noBodyStatusesAndHttp10() {
        String noContent = "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n";
        assertThat(parse(noContent)).isEqualTo(noContent.length());
        assertThat(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).isPositive();
        assertThat(p.close).isTrue();
        assertThat(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")).isPositive();
        assertThat(p.close).isFalse();
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH_9.2\r\n\r\n")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 2x1 Created\r\n\r\n")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n")).isInstanceOf(IllegalStateException.class);
    }
}
