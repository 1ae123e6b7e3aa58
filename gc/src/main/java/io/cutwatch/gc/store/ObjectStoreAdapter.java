package io.cutwatch.gc.store;

import io.cutwatch.gc.HeapAdapter;
import io.cutwatch.gc.ObjectRef;

/** Reads the sample object store's recorded states and messages for the garbage detector. Stateless. */
public final class ObjectStoreAdapter implements HeapAdapter<HeapState> {
    @Override
    public void describe(String process, HeapState state, HeapSink out) {
        for (HeapState.HeapObject o : state.heap()) {
            out.object(o.id());
            for (ObjectRef r : o.references()) {
                out.reference(o.id(), r);
            }
        }
        for (long root : state.roots()) {
            out.root(root);
        }
    }

    @Override
    public int objectCount(String process, HeapState state) {
        return state.objectCount();
    }

    @Override
    public void referencesIn(Object payload, ReferenceSink out) {
        if (payload instanceof StoreMessage m) {
            for (ObjectRef r : m.references()) {
                out.reference(r);
            }
        }
    }
}
