package dev.flinkgitops.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class FlinkErrorTextTest {

    @Test
    void keepsFirstLineAndRootCauseWithoutFrames() {
        String trace = "java.util.concurrent.CompletionException: org.apache.flink.client.program.ProgramInvocationException: The program's entry point class 'x.NoSuchJob' was not found in the jar file.\n"
                + "\tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:315)\n"
                + "Caused by: org.apache.flink.client.program.ProgramInvocationException: wrapped\n"
                + "\tat org.apache.flink.Foo.bar(Foo.java:1)\n"
                + "Caused by: java.lang.ClassNotFoundException: x.NoSuchJob\n"
                + "\t... 12 more\n";
        assertEquals("ProgramInvocationException: The program's entry point class 'x.NoSuchJob' was not found in the jar file."
                + " | caused by: ClassNotFoundException: x.NoSuchJob", FlinkErrorText.summarize(trace));
    }

    @Test
    void restErrorsDropTheGenericLineAndServerSideWrapper() {
        List<String> errors = List.of("Internal server error.",
                "<Exception on server side:\norg.apache.flink.runtime.rest.handler.RestHandlerException: Jar file /u/x.jar does not exist\n\tat a.b(C.java:1)\n\nEnd of exception on server side>");
        assertEquals("RestHandlerException: Jar file /u/x.jar does not exist", FlinkErrorText.summarize(errors));
    }

    @Test
    void shortensLongLinesAndHandlesEmptyInput() {
        assertEquals(FlinkErrorText.MAX_LINE, FlinkErrorText.summarize("x".repeat(1000)).length());
        assertEquals("", FlinkErrorText.summarize((String) null));
        assertEquals("", FlinkErrorText.summarize(List.of()));
        assertEquals("plain message", FlinkErrorText.readable("plain message"));
        assertEquals("IOException", FlinkErrorText.readable("java.io.IOException"));
    }
}
