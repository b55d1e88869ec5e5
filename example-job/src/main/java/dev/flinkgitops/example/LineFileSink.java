package dev.flinkgitops.example;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Appends each line to a file of its own writer in a directory (or prints it when no directory
 * is given). Lines are flushed one by one: stop-with-savepoint halts the source at the barrier,
 * so what is written matches what the savepoint holds.
 */
final class LineFileSink implements Sink<String> {

    private final String directory;

    LineFileSink(String directory) {
        this.directory = directory;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        if (directory == null) {
            return new PrintingWriter(System.out);
        }
        Path dir = Path.of(directory);
        Files.createDirectories(dir);
        Path file = dir.resolve("counts-" + UUID.randomUUID() + ".txt");
        return new FileWriter(
                Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    private record FileWriter(BufferedWriter out) implements SinkWriter<String> {
        @Override
        public void write(String line, Context context) throws IOException {
            out.write(line);
            out.newLine();
            out.flush();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private record PrintingWriter(PrintStream out) implements SinkWriter<String> {
        @Override
        public void write(String line, Context context) {
            out.println(line);
        }

        @Override
        public void flush(boolean endOfInput) {
            out.flush();
        }

        @Override
        public void close() {}
    }
}
