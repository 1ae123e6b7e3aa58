package io.cutwatch.gc;

/**
 * How the garbage detector reads an application's recorded state: the application implements
 * this for the state type its processes' capture returns.
 *
 * <p>{@link #describe} reports one process's objects, roots and references to a
 * {@link HeapSink}; {@link #referencesIn} reports the references a message payload carries
 * (a message in transit across the cut will be received, so its references are roots).
 *
 * <p>Contract: within one {@code describe} call an object must be declared with
 * {@link HeapSink#object} before any reference <em>from</em> it is reported; references
 * <em>to</em> objects and roots may come in any order. Object ids are unique within a process.
 * All methods must be pure reads of the recorded value and must not keep the sink: the
 * detector may call them on any thread, and calls {@code describe} twice per state and snapshot
 * (three times if {@link #objectCount} is not implemented, to size its arrays exactly),
 * expecting the same answer each time. Reporting an object's references right after declaring
 * it, or all objects first and then their references in declaration order, lets the detector
 * find each source object without a hash lookup.
 *
 * @param <S> the type the processes' state capture returns
 */
public interface HeapAdapter<S> {

    /** Reports every object, root and reference of {@code process}'s recorded {@code state}. */
    void describe(String process, S state, HeapSink out);

    /**
     * How many objects {@code describe} declares for {@code state}, if that is known without
     * walking it (a collection's size, an array's length); negative if not. The default answers
     * -1, and the detector then calls {@code describe} once more just to count them. An answer
     * that differs from what {@code describe} declares is reported as a malformed heap.
     */
    default int objectCount(String process, S state) {
        return -1;
    }

    /**
     * Reports every object reference carried by {@code payload}, a message recorded in transit.
     * The default reports none (for applications whose messages never carry references).
     */
    default void referencesIn(Object payload, ReferenceSink out) {
    }

    /** Receives one process's object graph. Not thread-safe; valid only during the call. */
    interface HeapSink {
        /** Declares object {@code objectId} of the process being described. */
        void object(long objectId);

        /** Marks object {@code objectId} of this process as a local root (a variable, a registry entry). */
        void root(long objectId);

        /** A reference from local object {@code from} to local object {@code to}. */
        void reference(long from, long to);

        /**
         * A reference from local object {@code from} to object {@code objectId} of
         * {@code process} (which may be this process: then it is a local reference).
         */
        void reference(long from, String process, long objectId);

        /** Same as {@code reference(from, to.process(), to.objectId())}. */
        default void reference(long from, ObjectRef to) {
            reference(from, to.process(), to.objectId());
        }
    }

    /** Receives the references of one message. Not thread-safe; valid only during the call. */
    @FunctionalInterface
    interface ReferenceSink {
        void reference(String process, long objectId);

        default void reference(ObjectRef ref) {
            reference(ref.process(), ref.objectId());
        }
    }
}
