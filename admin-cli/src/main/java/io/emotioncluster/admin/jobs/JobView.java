package io.emotioncluster.admin.jobs;

import io.emotioncluster.admin.output.Json;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobState;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** How a followed job is shown: a live bar on a terminal, plain lines in a pipe, or JSON lines. */
interface JobView extends AutoCloseable {

  void event(JobEvent e);

  /** Removes anything transient (the live bar) before other output. */
  @Override
  void close();

  /** One {@link EventLine} per event. */
  static JobView lines(PrintWriter out) {
    return new JobView() {
      @Override
      public void event(JobEvent e) {
        out.println(EventLine.format(e));
        out.flush();
      }

      @Override
      public void close() {
        out.flush();
      }
    };
  }

  /** One JSON document (the JobEvent) per line. */
  static JobView json(PrintWriter out) {
    return new JobView() {
      @Override
      public void event(JobEvent e) {
        out.println(Json.compact(e));
        out.flush();
      }

      @Override
      public void close() {
        out.flush();
      }
    };
  }

  /** Phase messages and one line per finished epoch scroll; the bar below is redrawn every second. */
  static JobView live(PrintWriter out, Style style, int width) {
    return new Live(out, style, width);
  }

  /** The terminal view. */
  final class Live implements JobView {
    private final PrintWriter out;
    private final Style style;
    private final int width;
    private final ScheduledExecutorService ticker;
    private JobEvent last;
    private boolean barShown;

    Live(PrintWriter out, Style style, int width) {
      this.out = out;
      this.style = style;
      this.width = width;
      this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-bar");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void event(JobEvent e) {
      clearBar();
      boolean epochDone = e.getPhase().equals("training") && e.getMessage().isEmpty() && e.getProgress().getEpoch() > 0;
      if (epochDone) {
        out.println(ProgressBar.epochLine(e.getProgress()));
      } else if (e.getState() == JobState.SUCCEEDED || e.getState() == JobState.FAILED
          || e.getState() == JobState.CANCELLED) {
        // the follower prints the outcome
      } else if (!e.getMessage().isEmpty()) {
        out.println(style.dim(e.getPhase() + ":") + " " + e.getMessage());
      }
      last = e;
      if (e.getState() == JobState.RUNNING || e.getState() == JobState.QUEUED) {
        drawBar();
      }
      out.flush();
    }

    private synchronized void redraw() {
      if (last != null && barShown) {
        clearBar();
        drawBar();
        out.flush();
      }
    }

    private void drawBar() {
      out.print(ProgressBar.line(last, System.currentTimeMillis(), width, style));
      barShown = true;
    }

    private void clearBar() {
      if (barShown) {
        out.print("\r\u001b[K");
        barShown = false;
      }
    }

    @Override
    public synchronized void close() {
      ticker.shutdownNow();
      clearBar();
      out.flush();
    }
  }
}
