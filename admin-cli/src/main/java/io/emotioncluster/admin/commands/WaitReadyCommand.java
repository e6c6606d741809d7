package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.client.NodeClient;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wait-ready}: polls grpc.health.v1 until a node reports SERVING (for scripts and CI). */
@Command(name = "wait-ready", description = "Wait until a node reports SERVING (its production model is loaded and warm).")
public final class WaitReadyCommand extends AdminCommand {

  @Option(names = "--max-wait", paramLabel = "SECONDS", defaultValue = "600",
      description = "give up after this long (default ${DEFAULT-VALUE})")
  long maxWaitSeconds;

  @Override
  protected int run() throws InterruptedException {
    long until = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
    String last = "no answer";
    NodeClient client = session().client(root().targets(), 5, root().security());
    while (System.nanoTime() < until) {
      try {
        HealthCheckResponse.ServingStatus s = client.readiness();
        if (s == HealthCheckResponse.ServingStatus.SERVING) {
          out().println("ready: " + client.target());
          return ExitCodes.OK;
        }
        last = s.name();
      } catch (StatusRuntimeException e) {
        last = e.getStatus().getCode().name();
      }
      Thread.sleep(1000);
    }
    err().println("error: no node became ready within " + maxWaitSeconds + " s (last: " + last + ")");
    return ExitCodes.UNAVAILABLE;
  }
}
