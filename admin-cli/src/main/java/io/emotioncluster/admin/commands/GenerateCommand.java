package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.UserException;
import io.emotioncluster.admin.image.ContactSheet;
import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Printer;
import io.emotioncluster.admin.output.Table;
import io.emotioncluster.admin.shell.LiveCandidates;
import io.emotioncluster.api.v1.Emotion;
import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.api.v1.GeneratedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate}: synthetic expression images from a generator version, written as PNG files
 * into a folder plus one contact sheet. A node without a production generator answers
 * FAILED_PRECONDITION saying how to train one; that is reported as it is and nothing is written.
 */
@Command(name = "generate", description = "Generate expression images into a folder, plus one contact-sheet PNG.",
    footerHeading = "%n", footer = "Example: generate --emotion happiness --count 8 --seed 7 --out faces/")
public final class GenerateCommand extends AdminCommand {

  @Option(names = "--emotion", paramLabel = "EMOTION", defaultValue = "all",
      completionCandidates = LiveCandidates.Emotions.class,
      description = "anger, disgust, fear, happiness, sadness, surprise, neutral or all (default)")
  String emotion;

  @Option(names = "--count", paramLabel = "N", defaultValue = "4", description = "images per emotion (default ${DEFAULT-VALUE}, limit 256)")
  int count;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "same seed, same images (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--truncation", paramLabel = "PSI", description = "in (0, 1]; smaller = closer to the average face (node default 0.7)")
  Float truncation;

  @Option(names = "--generator-version", paramLabel = "ID", completionCandidates = LiveCandidates.Versions.class,
      description = "generator version (default: production generator)")
  String generatorVersion;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "generated",
      description = "folder for the PNG files (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--tile", paramLabel = "PX", defaultValue = "96", description = "contact-sheet tile size (default ${DEFAULT-VALUE})")
  int tile;

  @Override
  protected int run() throws IOException {
    GenerateRequest.Builder req = GenerateRequest.newBuilder().setEmotion(parseEmotion(emotion)).setSeed(seed);
    if (count < 1 || count > 256) {
      throw UserException.usage("--count must be between 1 and 256, got " + count);
    }
    req.setCount(count);
    if (truncation != null) {
      req.setTruncation(truncation);
    }
    if (generatorVersion != null) {
      req.setGeneratorVersion(generatorVersion);
    }
    Iterator<GeneratedImage> images = client().generate(req.build());
    List<ContactSheet.Tile> tiles = new ArrayList<>();
    Table written = Table.of("emotion", "index", "seed", "file");
    while (images.hasNext()) { // errors (no generator, bad limits) surface here, before anything is written
      GeneratedImage img = images.next();
      Files.createDirectories(out);
      String name = String.format(Locale.ROOT, "%s-%03d-seed%d.png", Fmt.emotion(img.getEmotion()), img.getIndex(),
          img.getSeed());
      Path file = out.resolve(name);
      Files.write(file, img.getPng().toByteArray());
      tiles.add(new ContactSheet.Tile(Fmt.emotion(img.getEmotion()), img.getPng().toByteArray()));
      written.row(Fmt.emotion(img.getEmotion()), String.valueOf(img.getIndex()), Long.toUnsignedString(img.getSeed()),
          file.toString());
    }
    if (tiles.isEmpty()) {
      err().println("error: the node sent no images");
      return ExitCodes.FAILED;
    }
    Path sheet = out.resolve("contact-sheet.png");
    Files.write(sheet, ContactSheet.render(tiles, tile));
    written.row("all", "", "", sheet.toString());
    Printer p = printer();
    p.print(written);
    if (p.format() == Format.table) {
      out().println(tiles.size() + " images in " + out + "; contact sheet: " + sheet);
    }
    return ExitCodes.OK;
  }

  static Emotion parseEmotion(String s) {
    String v = s.trim().toUpperCase(Locale.ROOT);
    if (v.equals("ALL") || v.isEmpty()) {
      return Emotion.EMOTION_UNSPECIFIED;
    }
    for (Emotion e : Fmt.EMOTIONS) {
      if (e.name().equals(v) || e.name().startsWith(v) && v.length() >= 3) {
        return e;
      }
    }
    throw UserException.usage("unknown emotion '" + s + "': use anger, disgust, fear, happiness, sadness, surprise, "
        + "neutral or all");
  }
}
