package io.emotioncluster.admin;

import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wait-ready}: polls grpc.health.v1 until a node reports SERVING (for scripts). */
@Command(name = "wait-ready", mixinStandardHelpOptions = true,
    description = "Wait until a node reports SERVING (its production model is loaded and warm).")
final class WaitReadyCommand implements Callable<Integer> {

  @ParentCommand
  AdminMain root;

  @Spec
  CommandSpec spec;

  @Option(names = "--max-wait", defaultValue = "600", description = "seconds before giving up (default ${DEFAULT-VALUE})")
  long maxWaitSeconds;

  @Override
  public Integer call() throws InterruptedException {
    long until = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
    String last = "no answer";
    while (System.nanoTime() < until) {
      try (NodeClient client = NodeClient.connect(root.targets, 5)) {
        HealthCheckResponse.ServingStatus s = client.readiness();
        if (s == HealthCheckResponse.ServingStatus.SERVING) {
          spec.commandLine().getOut().println("ready: " + client.target());
          spec.commandLine().getOut().flush();
          return ExitCodes.OK;
        }
        last = s.name();
      } catch (StatusRuntimeException e) {
        last = e.getStatus().getCode().name();
      }
      Thread.sleep(1000);
    }
    spec.commandLine().getErr().println("error: no node became ready within " + maxWaitSeconds + " s (last: " + last + ")");
    return ExitCodes.UNAVAILABLE;
  }
}
