package io.emotioncluster.node.grpc;

import io.emotioncluster.api.v1.BoundingBox;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EvaluationMetrics;
import io.emotioncluster.api.v1.FaceKeypoint;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.InputSpec;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.Prediction;
import io.emotioncluster.api.v1.ServerTiming;
import io.emotioncluster.node.detect.DetectedFace;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.Stage;
import io.emotioncluster.node.registry.VersionRecord;
import io.emotioncluster.node.serving.Classification;
import io.emotioncluster.node.serving.FaceClassification;
import io.emotioncluster.node.serving.ImageInput;

/** Converts between the emotion.v1 messages and the domain types; no logic beyond that. */
final class ProtoMapper {

  private ProtoMapper() {}

  static ImageInput image(Image image) {
    return switch (image.getDataCase()) {
      case ENCODED -> new ImageInput.Encoded(image.getEncoded().toByteArray());
      case RAW -> new ImageInput.Raw(image.getRaw().getPixels().toByteArray(), image.getRaw().getWidth(),
          image.getRaw().getHeight(), image.getRaw().getChannels());
      case DATA_NOT_SET -> new ImageInput.Missing();
    };
  }

  static io.emotioncluster.api.v1.Emotion emotion(Emotion e) {
    return io.emotioncluster.api.v1.Emotion.forNumber(e.index() + 1);
  }

  static ClassifyResponse response(Classification c, String nodeId) {
    return ClassifyResponse.newBuilder()
        .addPredictions(prediction(c))
        .setModelVersion(c.version())
        .setNodeId(nodeId)
        .setTiming(timing(c.decodeMicros(), c.queueMicros(), c.computeMicros(), c.totalMicros(), c.batchSize()))
        .build();
  }

  static ClassifyResponse response(FaceClassification c, String nodeId) {
    ClassifyResponse.Builder b = ClassifyResponse.newBuilder()
        .setModelVersion(c.version())
        .setNodeId(nodeId)
        .setTiming(timing(c.decodeMicros(), c.queueMicros(), c.computeMicros(), c.totalMicros(), c.batchSize())
            .toBuilder().setImageDecodeUs(c.imageMicros()).setDetectUs(c.detectMicros())
            .setAlignUs(c.alignMicros()));
    for (FaceClassification.Face f : c.faces()) {
      DetectedFace d = f.detection();
      Prediction.Builder p = prediction(f.classification()).setFace(BoundingBox.newBuilder()
          .setX(d.box().x())
          .setY(d.box().y())
          .setWidth(d.box().width())
          .setHeight(d.box().height()))
          .setDetectionScore(d.score());
      for (DetectedFace.Keypoint k : d.keypoints()) {
        p.addKeypoints(FaceKeypoint.newBuilder()
            .setKind(FaceKeypoint.Kind.forNumber(k.kind().ordinal() + 1))
            .setX(k.x())
            .setY(k.y()));
      }
      b.addPredictions(p);
    }
    return b.build();
  }

  private static Prediction.Builder prediction(Classification c) {
    Prediction.Builder p = Prediction.newBuilder()
        .setEmotion(emotion(c.top()))
        .setConfidence(c.probabilities()[c.top().index()]);
    for (float s : c.probabilities()) {
      p.addScores(s);
    }
    return p;
  }

  private static ServerTiming timing(long decodeUs, long queueUs, long computeUs, long totalUs, int batchSize) {
    return ServerTiming.newBuilder()
        .setDecodeUs(decodeUs)
        .setQueueUs(queueUs)
        .setComputeUs(computeUs)
        .setTotalUs(totalUs)
        .setBatchSize(batchSize)
        .build();
  }

  static io.emotioncluster.api.v1.ModelKind kind(ModelKind k) {
    return k == ModelKind.GENERATOR ? io.emotioncluster.api.v1.ModelKind.GENERATOR
        : io.emotioncluster.api.v1.ModelKind.CLASSIFIER;
  }

  static ModelKind kind(io.emotioncluster.api.v1.ModelKind k) {
    return switch (k) {
      case CLASSIFIER -> ModelKind.CLASSIFIER;
      case GENERATOR -> ModelKind.GENERATOR;
      default -> null;
    };
  }

  static Stage stage(io.emotioncluster.api.v1.Stage s) {
    return switch (s) {
      case CANDIDATE -> Stage.CANDIDATE;
      case PRODUCTION -> Stage.PRODUCTION;
      case ARCHIVED -> Stage.ARCHIVED;
      default -> null;
    };
  }

  static io.emotioncluster.api.v1.Stage stage(Stage s) {
    return switch (s == null ? Stage.CANDIDATE : s) {
      case CANDIDATE -> io.emotioncluster.api.v1.Stage.CANDIDATE;
      case PRODUCTION -> io.emotioncluster.api.v1.Stage.PRODUCTION;
      case ARCHIVED -> io.emotioncluster.api.v1.Stage.ARCHIVED;
    };
  }

  static ModelVersion version(VersionRecord v, Stage stage) {
    ModelVersion.Builder b = ModelVersion.newBuilder()
        .setId(v.id())
        .setKind(kind(v.kind()))
        .setStage(stage(stage))
        .setDisplayName(nz(v.displayName()))
        .putAllTags(v.tags())
        .setGeneratorSpecJson(nz(v.generatorSpecJson()))
        .setDatasetFingerprint(nz(v.datasetFingerprint()))
        .setSplitFingerprint(nz(v.splitFingerprint()))
        .setTrainingConfigJson(nz(v.trainingConfigJson()))
        .setCreatedUnixMs(v.createdUnixMs())
        .setParentVersion(nz(v.parentVersion()))
        .setSha256(nz(v.sha256()))
        .setParametersBytes(v.parametersBytes())
        .setParameterCount(v.parameterCount())
        .setEngine(nz(v.engine()))
        .setSource(nz(v.source()))
        .setLicense(nz(v.license()));
    if (v.architecture() != null) {
      b.setArchitecture(nz(v.architecture().name()))
          .setInput(InputSpec.newBuilder()
              .setWidth(v.architecture().input().width())
              .setHeight(v.architecture().input().height())
              .setChannels(v.architecture().input().channels())
              .setNormalization(v.architecture().input().normalization()));
    }
    for (String label : v.classOrder()) {
      Emotion.fromName(label).ifPresent(e -> b.addClassOrder(emotion(e)));
    }
    if (v.generatorQualityJson() != null && !v.generatorQualityJson().isBlank()) {
      b.setGeneratorQuality(generatorQuality(v.generatorQualityJson()));
    }
    if (v.metrics() != null) {
      b.setMetrics(metrics(v.metrics()));
    }
    return b.build();
  }

  static EvaluationMetrics metrics(io.emotioncluster.node.training.EvaluationMetrics m) {
    return ProtoMetrics.of(m);
  }

  static io.emotioncluster.api.v1.CompareResponse comparison(io.emotioncluster.node.evaluation.VersionComparison c) {
    var out = io.emotioncluster.api.v1.CompareResponse.newBuilder()
        .setBaseline(arm(c.baselineId(), c.baseline(), c.baselineInterval()))
        .setCandidate(arm(c.candidateId(), c.candidate(), c.candidateInterval()))
        .setAccuracyDelta(c.accuracyDelta())
        .setPValue(c.pValue())
        .setTest(c.test())
        .setTestImages(c.baseline().testImages())
        .setSplitFingerprint(c.splitFingerprint());
    for (double d : c.perClassF1Delta()) {
      out.addPerClassF1Delta(d);
    }
    return out.build();
  }

  private static io.emotioncluster.api.v1.ArmSummary arm(String id, io.emotioncluster.node.training.EvaluationMetrics m,
      io.emotioncluster.node.evaluation.Statistics.Interval ci) {
    return io.emotioncluster.api.v1.ArmSummary.newBuilder()
        .setLabel(id)
        .addVersionIds(id)
        .setAccuracy(m.accuracy())
        .setAccuracyCiLow(ci.accuracyLow())
        .setAccuracyCiHigh(ci.accuracyHigh())
        .setMacroF1(m.macroF1())
        .setMacroF1CiLow(ci.macroF1Low())
        .setMacroF1CiHigh(ci.macroF1High())
        .setMetrics(metrics(m))
        .build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** The stored quality JSON as the proto message; unmeasured figures stay 0 (see classifier_version). */
  static io.emotioncluster.api.v1.GeneratorQuality generatorQuality(String json) {
    io.emotioncluster.node.generator.GeneratorQualityReport q =
        io.emotioncluster.node.generator.GeneratorQualityReport.fromJson(json);
    io.emotioncluster.api.v1.GeneratorQuality.Builder b = io.emotioncluster.api.v1.GeneratorQuality.newBuilder()
        .setKid(orZero(q.kid()))
        .setRecognisability(orZero(q.recognisability()))
        .setCasAccuracy(orZero(q.casAccuracy()))
        .setClassifierVersion(nz(q.classifierVersion()))
        .setGeneratedImages(q.generatedImagesPerEmotion())
        .setRealImages(q.realImages())
        .setJudgeRealAccuracy(orZero(q.judgeRealAccuracy()))
        .setCasRealAccuracy(orZero(q.casRealAccuracy()))
        .setDiversityGenerated(orZero(q.diversityGenerated()))
        .setDiversityReal(orZero(q.diversityReal()));
    if (q.perEmotion() != null) {
      for (io.emotioncluster.node.generator.GeneratorQualityReport.PerEmotion p : q.perEmotion()) {
        Emotion.fromName(p.emotion()).ifPresent(e -> b.addPerEmotion(io.emotioncluster.api.v1.EmotionQuality.newBuilder()
            .setEmotion(emotion(e))
            .setKid(orZero(p.kid()))
            .setRecognisability(orZero(p.recognisability()))
            .setCasRecall(orZero(p.casRecall()))
            .setDiversityGenerated(orZero(p.diversityGenerated()))
            .setDiversityReal(orZero(p.diversityReal()))));
      }
    }
    return b.build();
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }
}
