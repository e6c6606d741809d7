package io.emotioncluster.node.metrics;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this process, all threads together (JVM, Vert.x, decode pool, inference workers and
 * the engine's native threads). Load tests read it before and after a run: on a machine the load
 * generator shares, CPU per request says what the node costs, where wall-clock ratios mix in the
 * client.
 */
public final class ProcessCpu {

  private static final com.sun.management.OperatingSystemMXBean OS = bean();

  private ProcessCpu() {}

  /** Microseconds of CPU since the process started, or 0 where the JVM cannot tell. */
  public static long micros() {
    long nanos = OS == null ? -1 : OS.getProcessCpuTime();
    return nanos < 0 ? 0 : nanos / 1000;
  }

  private static com.sun.management.OperatingSystemMXBean bean() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os : null;
  }
}
