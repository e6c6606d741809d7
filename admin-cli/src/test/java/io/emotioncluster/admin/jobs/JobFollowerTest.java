package io.emotioncluster.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Interrupts;
import io.emotioncluster.admin.Prompter;
import io.emotioncluster.admin.Session;
import io.emotioncluster.admin.client.NodeClient;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobState;
import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The follower over scripted event streams: no node needed. */
class JobFollowerTest {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final NodeClient unused = NodeClient.of(List.of("127.0.0.1:1"), 1); // connects lazily: never here

  JobFollower follower(Session s, Format f) {
    return new JobFollower(s, unused, new PrintWriter(out, true), new PrintWriter(err, true), f, Style.PLAIN, false);
  }

  static JobEvent event(JobState state, String phase, String message) {
    return JobEvent.newBuilder().setJobId("job-1").setState(state).setPhase(phase).setMessage(message).build();
  }

  @Test
  void aSucceededJobIsExitZeroAndEveryEventIsALine() {
    Session s = Session.builder().build();
    int code = follower(s, Format.table).follow(null, c -> List.of(event(JobState.QUEUED, "accepted", "ok"),
        event(JobState.SUCCEEDED, "done", "registered v2").toBuilder().setVersionId("v2").build()).iterator());
    assertThat(code).isZero();
    assertThat(out.toString()).contains("job-1 QUEUED accepted: ok").contains("SUCCEEDED done version=v2");
  }

  @Test
  void failedAndCancelledJobsHaveTheirOwnExitCodes() {
    Session s = Session.builder().build();
    assertThat(follower(s, Format.table).follow("job-1", c -> List.of(event(JobState.FAILED, "failed", "boom")).iterator()))
        .isEqualTo(ExitCodes.JOB_FAILED);
    assertThat(err.toString()).contains("job job-1 failed: boom");
    assertThat(follower(s, Format.json).follow("job-1", c -> List.of(event(JobState.CANCELLED, "cancelled", "")).iterator()))
        .isEqualTo(ExitCodes.JOB_CANCELLED);
    assertThat(out.toString()).contains("{\"jobId\":\"job-1\"");
  }

  @Test
  void ctrlCDetachesAndSaysHowToReattach() {
    AtomicReference<Runnable> ctrlC = new AtomicReference<>();
    Interrupts interrupts = handler -> {
      ctrlC.set(handler);
      return () -> ctrlC.set(null);
    };
    AtomicReference<String> asked = new AtomicReference<>();
    Prompter no = new Prompter() {
      @Override
      public boolean canAsk() {
        return true;
      }

      @Override
      public boolean confirm(String question) {
        asked.set(question);
        return false;
      }
    };
    Session s = Session.builder().mode(Session.Mode.SHELL).interrupts(interrupts).prompter(no).build();
    Iterator<JobEvent> stream = new Iterator<>() {
      int n;

      @Override
      public boolean hasNext() {
        if (n == 0) {
          return true;
        }
        ctrlC.get().run(); // the operator presses Ctrl-C while the job trains
        throw Status.CANCELLED.asRuntimeException();
      }

      @Override
      public JobEvent next() {
        n++;
        return event(JobState.RUNNING, "training", "training vgg-mini");
      }
    };
    int code = follower(s, Format.table).follow(null, c -> stream);
    assertThat(code).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(asked.get()).startsWith("Cancel job job-1 on the node as well?");
    assertThat(out.toString()).contains("detached from job job-1: it keeps running on the node; 'jobs watch job-1' re-attaches");
    assertThat(ctrlC.get()).as("the handler is removed afterwards").isNull();
  }

  @Test
  void aStreamThatEndsEarlyIsReportedAsUnavailable() {
    Session s = Session.builder().build();
    try {
      follower(s, Format.table).follow("job-1", c -> List.of(event(JobState.RUNNING, "training", "x")).iterator());
      throw new AssertionError("expected an error");
    } catch (io.grpc.StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.getStatus().getDescription()).contains("'jobs watch job-1' re-attaches");
    }
  }
}
