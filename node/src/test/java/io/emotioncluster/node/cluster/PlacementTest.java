package io.emotioncluster.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.cluster.Placement.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {

  @Test
  void aGpuNodeWithAFreeSlotComesFirst() {
    List<Candidate> nodes = List.of(new Candidate("cpu-a", false, 4, 0), new Candidate("gpu-b", true, 1, 0));
    assertThat(Placement.choose(nodes, "cpu-a")).contains("gpu-b");
  }

  @Test
  void aFullGpuNodeLosesToACpuNodeWithRoom() {
    List<Candidate> nodes = List.of(new Candidate("cpu-a", false, 1, 0), new Candidate("gpu-b", true, 1, 1));
    assertThat(Placement.choose(nodes, "gpu-b")).contains("cpu-a");
  }

  @Test
  void mostFreeSlotsThenTheDecidingNodeOnTies() {
    List<Candidate> nodes = List.of(new Candidate("a", false, 2, 1), new Candidate("b", false, 2, 0),
        new Candidate("c", false, 2, 0));
    assertThat(Placement.choose(nodes, "c")).contains("c");
    assertThat(Placement.choose(nodes, "a")).contains("b");
  }

  @Test
  void everyNodeFullQueuesOnTheLeastLoaded() {
    List<Candidate> nodes = List.of(new Candidate("a", false, 1, 3), new Candidate("b", false, 1, 1),
        new Candidate("c", true, 1, 2));
    assertThat(Placement.choose(nodes, "a")).contains("b");
  }

  @Test
  void noCandidatesNoChoice() {
    assertThat(Placement.choose(List.of(), "a")).isEmpty();
  }
}
