package dev.flinkgitops.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request as {@link FaultProxy} read it from a socket: the request line, the headers
 * in order, and the body as bytes (by {@code Content-Length}, or de-chunked).
 *
 * @param target the request target as sent: path and query, undecoded
 */
record ProxyRequest(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

    /** Reads one request; answers {@code Expect: 100-continue} before reading the body. */
    static ProxyRequest read(InputStream in, OutputStream out) throws IOException {
        String[] requestLine = line(in).split(" ");
        if (requestLine.length != 3) {
            throw new IOException("not an HTTP request line: " + String.join(" ", requestLine));
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
            }
        }
        ProxyRequest head = new ProxyRequest(requestLine[0], requestLine[1], List.copyOf(headers), new byte[0]);
        if ("100-continue".equalsIgnoreCase(head.header("Expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        return new ProxyRequest(head.method, head.target, head.headers, head.readBody(in));
    }

    /** The path without the query. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The first value of a header (case-insensitive name), or null. */
    String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }

    /**
     * "METHOD /path" with every 32-hex segment (job, trigger ids) as {@code :id} and every jar id
     * as {@code :jar}: the key the proxy counts faults by.
     */
    String endpoint() {
        StringBuilder normalised = new StringBuilder();
        for (String segment : path().split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            normalised.append('/').append(segment.matches("[0-9a-fA-F]{32}") ? ":id" : segment.endsWith(".jar") ? ":jar" : segment);
        }
        return method + " " + (normalised.length() == 0 ? "/" : normalised);
    }

    private byte[] readBody(InputStream in) throws IOException {
        String encoding = header("Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked(in);
        }
        String length = header("Content-Length");
        return length == null ? new byte[0] : exactly(in, Integer.parseInt(length));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
            body.write(exactly(in, size));
            line(in);
        }
        for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
            // trailers are dropped
        }
        return body.toByteArray();
    }

    private static int chunkSize(InputStream in) throws IOException {
        String size = line(in);
        int extension = size.indexOf(';');
        return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private static byte[] exactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("request body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** One line without its CRLF, ISO-8859-1. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed mid-request");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
