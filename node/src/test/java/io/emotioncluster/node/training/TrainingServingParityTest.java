package io.emotioncluster.node.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFace;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.PngCodec;
import io.emotioncluster.node.image.Preprocessor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What training feeds the network equals what serving feeds it for the same picture. */
class TrainingServingParityTest {

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @Test
  void trainingTensorsEqualServingTensorsForEncodedAndRawForms() {
    for (String style : List.of("line", "shaded")) {
      for (int channels : new int[] {1, 3}) {
        List<SynthFace> faces = new SynthFacs(SynthFacsConfig.defaults().withSubjects(2).withImagesPerEmotion(1)
            .withChannels(channels).withStyle(style)).generate();
        for (InputSpec spec : List.of(InputSpec.of(48, 48, 1), InputSpec.of(64, 64, 3))) {
          TensorSet training = TensorSet.of(faces.stream()
              .map(f -> new LabeledImage(f.id(), null, f.emotion(), f.image())).toList(), spec);
          Preprocessor serving = new Preprocessor(spec);
          for (int i = 0; i < faces.size(); i++) {
            PixelImage img = faces.get(i).image();
            float[] expected = Arrays.copyOfRange(training.features(), i * spec.size(), (i + 1) * spec.size());
            float[] viaPng = serving.apply(decoder.decode(PngCodec.encode(img)));
            float[] viaRaw = serving.apply(decoder.fromRaw(img.pixels(), img.width(), img.height(), img.channels()));
            assertThat(viaPng).as("%s %dch -> %s via PNG", style, channels, spec).containsExactly(expected);
            assertThat(viaRaw).as("%s %dch -> %s via raw", style, channels, spec).containsExactly(expected);
          }
        }
      }
    }
  }
}
