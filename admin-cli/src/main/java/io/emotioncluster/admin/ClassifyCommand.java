package io.emotioncluster.admin;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.Emotion;
import io.emotioncluster.api.v1.Image;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code classify FILE|DIR...}: one row per image with the top emotion and all seven scores. */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Classify image files (PNG, JPEG, BMP, GIF) or every image in folders.")
final class ClassifyCommand implements Callable<Integer> {

  @ParentCommand
  AdminMain root;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "image files or folders")
  List<Path> paths;

  @Option(names = "--model-version", defaultValue = "", description = "version to use (default: production)")
  String version;

  @Override
  public Integer call() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(ClassifyCommand::isImage).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        spec.commandLine().getErr().println("error: no such file or folder: " + p);
        return ExitCodes.USAGE;
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    List<List<String>> rows = new ArrayList<>();
    try (NodeClient client = root.connect()) {
      for (Path f : files) {
        ClassifyResponse r = client.emotion().classify(ClassifyRequest.newBuilder()
            .setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(Files.readAllBytes(f))))
            .setModelVersion(version).build());
        if (root.format == Output.Format.json) {
          out.println(Output.json(r).replace("\n", " "));
          continue;
        }
        var p = r.getPredictions(0);
        List<String> row = new ArrayList<>(List.of(f.toString(), label(p.getEmotion()),
            String.format(Locale.ROOT, "%.2f", p.getConfidence())));
        p.getScoresList().forEach(s -> row.add(String.format(Locale.ROOT, "%.2f", s)));
        row.add(r.getModelVersion());
        row.add(String.format(Locale.ROOT, "%.1f", r.getTiming().getTotalUs() / 1000.0));
        rows.add(row);
      }
    }
    if (root.format == Output.Format.table) {
      Output.table(out, List.of("image", "emotion", "conf", "anger", "disgust", "fear", "happy", "sad",
          "surprise", "neutral", "version", "server_ms"), rows);
    }
    out.flush();
    return ExitCodes.OK;
  }

  static String label(Emotion e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")
        || n.endsWith(".bmp") || n.endsWith(".gif"));
  }
}
