package dev.flinkgitops.graph;

import dev.flinkgitops.port.StateCompatibility;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds a job's graph from its jar without running the job: Flink's client runs the jar's {@code main}
 * in the jar's own class loader (Flink's {@code classloader.resolve-order}, child-first by default) with
 * an environment that captures the pipeline at {@code execute()} instead of submitting it. The main runs
 * on a thread of its own and is abandoned (interrupted) after the time limit.
 */
final class JobGraphs {

    private JobGraphs() {}

    /** The graph's operators; a {@link GraphException} with the main's error, or "no graph", when it fails. */
    static List<StateLayout.GraphOperator> operators(Path jar, StateCompatibility.Job job, Duration limit, boolean quiet) {
        Configuration configuration = Configuration.fromMap(job.flinkConfiguration());
        FutureTask<JobGraph> task = new FutureTask<>(() -> {
            PackagedProgram.Builder builder = PackagedProgram.newBuilder().setJarFile(jar.toFile())
                    .setArguments(job.args().toArray(String[]::new)).setConfiguration(configuration);
            if (job.entryClass() != null) {
                builder.setEntryPointClassName(job.entryClass());
            }
            try (PackagedProgram program = builder.build()) {
                return PackagedProgramUtils.createJobGraph(program, configuration, Math.max(1, job.parallelism()), quiet);
            }
        });
        Thread thread = new Thread(task, "job-graph-" + jar.getFileName());
        thread.setDaemon(true);
        thread.start();
        JobGraph graph;
        try {
            graph = task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new GraphException("the jar's main did not build a job graph within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new GraphException(message(e.getCause()));
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new GraphException("interrupted while building the job graph");
        }
        return operators(graph);
    }

    private static List<StateLayout.GraphOperator> operators(JobGraph graph) {
        List<StateLayout.GraphOperator> operators = new ArrayList<>();
        for (JobVertex vertex : graph.getVertices()) {
            for (OperatorIDPair pair : vertex.getOperatorIDs()) {
                operators.add(new StateLayout.GraphOperator(pair.getGeneratedOperatorID().toHexString(),
                        pair.getUserDefinedOperatorID().map(id -> id.toHexString()).orElse(null),
                        pair.getUserDefinedOperatorName(), pair.getUserDefinedOperatorUid(), vertex.getMaxParallelism()));
            }
        }
        if (operators.isEmpty()) {
            throw new GraphException("the jar's main built a job graph without operators");
        }
        return operators;
    }

    /** The innermost cause's message, with its type: what the user's main threw. */
    private static String message(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        String outer = firstLine(error.getMessage());
        if (cause == error || outer.isEmpty()) {
            return text;
        }
        return cause.getMessage() != null && outer.contains(cause.getMessage())
                ? outer + " (" + cause.getClass().getSimpleName() + ")" : outer + ": " + text;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** The graph could not be built: the message says why. */
    static final class GraphException extends RuntimeException {
        GraphException(String message) {
            super(message);
        }
    }
}
