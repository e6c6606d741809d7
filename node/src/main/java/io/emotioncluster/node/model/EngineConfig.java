package io.emotioncluster.node.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Which DJL engine and device a node computes on. Both are configuration, never code: the same
 * jar runs on a laptop CPU and a GPU node.
 *
 * @param engine DJL engine name ("MXNet" by default, "PyTorch" if its jars are present)
 * @param device "auto" (GPU if the engine sees one, else CPU), "cpu", "gpu" or "gpu:N"
 */
public record EngineConfig(String engine, String device) {

  public static final String DEFAULT_ENGINE = "MXNet";

  public static EngineConfig defaults() {
    return new EngineConfig(DEFAULT_ENGINE, "auto");
  }

  public Engine djlEngine() {
    Engine e = Engine.getEngine(engine);
    if (e == null) {
      throw new IllegalStateException("DJL engine '" + engine + "' is not available; engines on the "
          + "classpath: " + Engine.getAllEngines());
    }
    return e;
  }

  public Device djlDevice() {
    String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
    Engine e = djlEngine();
    if (d.equals("auto")) {
      return e.defaultDevice();
    }
    if (d.equals("cpu")) {
      return Device.cpu();
    }
    if (d.startsWith("gpu")) {
      int id = d.contains(":") ? Integer.parseInt(d.substring(d.indexOf(':') + 1)) : 0;
      if (e.getGpuCount() <= id) {
        throw new IllegalStateException("device " + device + " requested but " + engine + " sees "
            + e.getGpuCount() + " GPU(s); use --device cpu or install the engine's CUDA native library");
      }
      return Device.gpu(id);
    }
    throw new IllegalArgumentException("unknown device '" + device + "': use auto, cpu, gpu or gpu:N");
  }
}
