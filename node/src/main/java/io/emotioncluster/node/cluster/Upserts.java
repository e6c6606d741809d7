package io.emotioncluster.node.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.function.BiConsumer;

/** A map listener for "this key now has this value" (added or updated alike). */
final class Upserts<K, V> implements EntryAddedListener<K, V>, EntryUpdatedListener<K, V> {

  private final BiConsumer<K, V> action;

  Upserts(BiConsumer<K, V> action) {
    this.action = action;
  }

  @Override
  public void entryAdded(EntryEvent<K, V> e) {
    action.accept(e.getKey(), e.getValue());
  }

  @Override
  public void entryUpdated(EntryEvent<K, V> e) {
    action.accept(e.getKey(), e.getValue());
  }
}
