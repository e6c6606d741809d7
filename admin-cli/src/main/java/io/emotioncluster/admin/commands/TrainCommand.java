package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.jobs.JobFollower;
import io.emotioncluster.api.v1.TrainRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train}: starts a training job and follows it (a live progress bar on a terminal, one
 * line per event otherwise). Ctrl-C detaches; the job keeps running.
 */
@Command(name = "train", description = "Train a classifier (or, on nodes that offer them, generator and experiment jobs).",
    footerHeading = "%nExamples:%n",
    footer = {"  train --subjects 60 --images-per-emotion 4 --epochs 10 --name baseline",
        "  train --image-folder faces/ --subject-pattern '^(s\\d+)_' --base-version v3 --freeze-epochs 2 --promote",
        "  train --fer2013 fer2013.csv --use-usage --epochs 30 --augment --early-stopping 5",
        "Paths of --image-folder, --fer2013 and --backbone are on the node, relative to its datasets/backbones root."})
public final class TrainCommand extends AdminCommand {

  @Mixin
  TrainOptions options = new TrainOptions();

  @Option(names = "--cancel-on-interrupt", description = "Ctrl-C cancels the job instead of detaching (for scripts)")
  boolean cancelOnInterrupt;

  @Override
  protected int run() {
    TrainRequest request = options.request();
    return new JobFollower(session(), client(), out(), err(), format(), style(), cancelOnInterrupt)
        .follow(null, c -> c.train(request));
  }

}
