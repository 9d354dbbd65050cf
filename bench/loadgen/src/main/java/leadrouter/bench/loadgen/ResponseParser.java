package leadrouter.bench.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 response parser over a byte range: status line, headers, then a body framed by
 * Content-Length, chunked transfer coding, or (with {@code Connection: close}) the end of the stream.
 * It re-scans from the start on each call; responses here are small, so that costs little.
 */
final class ResponseParser {

    /** More bytes are needed. */
    static final int INCOMPLETE = -1;

    int status;
    boolean close;
    /** Set when the body runs to the end of the stream: the caller reads until EOF. */
    boolean untilEof;
    int bodyStart;
    /** Body bytes at {@code bodyStart}; for a chunked body, its first chunk (enough for an error sample). */
    int bodyLength;

    /**
     * Parses one response at {@code buf[off..off+len)}. Returns its total length in bytes, or
     * {@link #INCOMPLETE}. Throws {@link IllegalStateException} on a malformed response.
     */
    int parse(byte[] buf, int off, int len) {
        int end = off + len;
        int headerEnd = indexOfCrlfCrlf(buf, off, end);
        if (headerEnd < 0) {
            if (len > 64 * 1024) throw new IllegalStateException("response headers larger than 64 KiB");
            return INCOMPLETE;
        }
        // "HTTP/1.1 201 Created"
        if (len < 12 || buf[off] != 'H' || buf[off + 8] != ' ') {
            throw new IllegalStateException("not an HTTP response: " + preview(buf, off, end));
        }
        status = digit(buf[off + 9]) * 100 + digit(buf[off + 10]) * 10 + digit(buf[off + 11]);
        boolean http10 = buf[off + 7] == '0';
        close = http10;
        untilEof = false;
        long contentLength = -1;
        boolean chunked = false;

        int line = nextLine(buf, off, headerEnd);
        while (line < headerEnd) {
            int lineEnd = indexOfCrlf(buf, line, headerEnd + 2);
            int colon = indexOf(buf, (byte) ':', line, lineEnd);
            if (colon > 0) {
                int vs = colon + 1;
                while (vs < lineEnd && (buf[vs] == ' ' || buf[vs] == '\t')) vs++;
                int ve = lineEnd;
                while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) ve--;
                if (nameIs(buf, line, colon, "content-length")) {
                    contentLength = parseDecimal(buf, vs, ve);
                } else if (nameIs(buf, line, colon, "transfer-encoding")) {
                    chunked = containsIgnoreCase(buf, vs, ve, "chunked");
                } else if (nameIs(buf, line, colon, "connection")) {
                    if (containsIgnoreCase(buf, vs, ve, "close")) close = true;
                    else if (containsIgnoreCase(buf, vs, ve, "keep-alive")) close = false;
                }
            }
            line = lineEnd + 2;
        }
        bodyStart = headerEnd + 4;
        boolean noBody = status == 204 || status == 304 || status / 100 == 1;
        if (noBody) {
            bodyLength = 0;
            return bodyStart - off;
        }
        if (chunked) return parseChunked(buf, off, end);
        if (contentLength >= 0) {
            if (end - bodyStart < contentLength) return INCOMPLETE;
            bodyLength = (int) contentLength;
            return bodyStart + bodyLength - off;
        }
        if (close) {
            untilEof = true;
            bodyLength = end - bodyStart;
            return INCOMPLETE;
        }
        bodyLength = 0;
        return bodyStart - off;
    }

    private int parseChunked(byte[] buf, int off, int end) {
        int p = bodyStart;
        int firstChunk = -1;
        int firstLength = 0;
        while (true) {
            int sizeEnd = indexOfCrlf(buf, p, end);
            if (sizeEnd < 0) return INCOMPLETE;
            int semi = indexOf(buf, (byte) ';', p, sizeEnd);
            long size = parseHex(buf, p, semi > 0 ? semi : sizeEnd);
            int data = sizeEnd + 2;
            if (size == 0) {
                // Trailers, then the empty line.
                int t = data;
                while (true) {
                    int te = indexOfCrlf(buf, t, end);
                    if (te < 0) return INCOMPLETE;
                    if (te == t) {
                        bodyStart = firstChunk < 0 ? data : firstChunk;
                        bodyLength = firstLength;
                        return te + 2 - off;
                    }
                    t = te + 2;
                }
            }
            if (end - data < size + 2) return INCOMPLETE;
            if (firstChunk < 0) {
                firstChunk = data;
                firstLength = (int) size;
            }
            p = data + (int) size + 2;
        }
    }

    String bodyText(byte[] buf, int max) {
        return new String(buf, bodyStart, Math.min(bodyLength, max), StandardCharsets.UTF_8);
    }

    private static int digit(byte b) {
        if (b < '0' || b > '9') throw new IllegalStateException("bad status code digit: " + (char) b);
        return b - '0';
    }

    private static long parseDecimal(byte[] buf, int from, int to) {
        if (from == to) throw new IllegalStateException("empty Content-Length");
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) throw new IllegalStateException("bad Content-Length");
            v = v * 10 + d;
        }
        return v;
    }

    private static long parseHex(byte[] buf, int from, int to) {
        while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) to--;
        if (from == to) throw new IllegalStateException("empty chunk size");
        long v = 0;
        for (int i = from; i < to; i++) {
            int c = buf[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) throw new IllegalStateException("bad chunk size");
            v = v * 16 + d;
        }
        return v;
    }

    private static boolean nameIs(byte[] buf, int from, int to, String lowerName) {
        if (to - from != lowerName.length()) return false;
        for (int i = 0; i < lowerName.length(); i++) {
            int c = buf[from + i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lowerName.charAt(i)) return false;
        }
        return true;
    }

    private static boolean containsIgnoreCase(byte[] buf, int from, int to, String lowerWord) {
        outer:
        for (int i = from; i + lowerWord.length() <= to; i++) {
            for (int k = 0; k < lowerWord.length(); k++) {
                int c = buf[i + k];
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c != lowerWord.charAt(k)) continue outer;
            }
            return true;
        }
        return false;
    }

    private static int nextLine(byte[] buf, int from, int limit) {
        int e = indexOfCrlf(buf, from, limit + 2);
        return e + 2;
    }

    private static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) if (buf[i] == b) return i;
        return -1;
    }

    private static int indexOfCrlf(byte[] buf, int from, int to) {
        for (int i = from; i + 1 < to; i++) if (buf[i] == '\r' && buf[i + 1] == '\n') return i;
        return -1;
    }

    private static int indexOfCrlfCrlf(byte[] buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') return i;
        }
        return -1;
    }

    private static String preview(byte[] buf, int from, int to) {
        return new String(buf, from, Math.min(to - from, 60), StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
    }
}
