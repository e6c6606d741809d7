package io.emotioncluster.admin.commands;

import com.google.protobuf.ByteString;
import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Json;
import io.emotioncluster.admin.output.Table;
import io.emotioncluster.admin.shell.LiveCandidates;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code classify FILE|DIR...}: one row per image with the top emotion and all seven scores. */
@Command(name = "classify", description = "Classify image files (PNG, JPEG, BMP, GIF) or every image in folders.")
public final class ClassifyCommand extends AdminCommand {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "image files or folders")
  List<Path> paths;

  @Option(names = "--model-version", paramLabel = "ID", completionCandidates = LiveCandidates.Classifiers.class,
      description = "version to use (default: production)")
  String version;

  @Override
  protected int run() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(ClassifyCommand::isImage).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        err().println("error: no such file or folder: " + p);
        return ExitCodes.USAGE;
      }
    }
    Table t = Table.of("image", "emotion", "conf", "anger", "disgust", "fear", "happy", "sad", "surprise", "neutral",
        "version", "server_ms");
    for (Path f : files) {
      ClassifyResponse r = client().classify(ClassifyRequest.newBuilder()
          .setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(Files.readAllBytes(f))))
          .setModelVersion(version == null ? "" : version).build());
      if (format() == Format.json) {
        out().println("{\"image\": " + Json.quote(f.toString()) + ", \"response\": " + Json.compact(r) + "}");
        continue;
      }
      for (Prediction p : r.getPredictionsList()) {
        List<String> row = new ArrayList<>(List.of(f.toString(), Fmt.emotion(p.getEmotion()), Fmt.num(p.getConfidence(), 2)));
        for (int i = 0; i < 7; i++) {
          row.add(i < p.getScoresCount() ? Fmt.num(p.getScores(i), 2) : "");
        }
        row.add(r.getModelVersion());
        row.add(Fmt.num(r.getTiming().getTotalUs() / 1000.0, 1));
        t.row(row);
      }
    }
    if (format() != Format.json) {
      printer().print(t.right("conf", "anger", "disgust", "fear", "happy", "sad", "surprise", "neutral", "server_ms"));
    }
    return ExitCodes.OK;
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")
        || n.endsWith(".bmp") || n.endsWith(".gif"));
  }
}
