package io.cutwatch.gc.store;

import io.cutwatch.gc.ObjectIds;
import io.cutwatch.gc.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample store's own guards: it refuses unsafe reclaims, which the other tests rely on. */
class ObjectStoreTest {

    @Test
    void freeingALocallyReachableObjectIsRefusedAndFreesNothing() {
        ObjectStore s = new ObjectStore("a");
        long root = s.allocateRoot();
        long child = s.allocate();
        long loose = s.allocate();
        s.addReference(root, s.ref(child));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.free(ObjectIds.of(loose, child)));
        assertTrue(e.getMessage().contains("free object " + child + ", which its roots reach"), e.getMessage());
        assertEquals(Set.of(root, child, loose), s.objectIds());

        assertEquals(1, s.free(ObjectIds.of(loose)));
        assertEquals(0, s.free(ObjectIds.of(loose)), "already freed: skipped");
        assertEquals(1, s.freedCount());
    }

    @Test
    void theCaptureIsADeepCopy() {
        ObjectStore s = new ObjectStore("a");
        long root = s.allocateRoot();
        HeapState before = s.capture();
        s.addReference(root, new ObjectRef("b", 3));
        s.unroot(root);
        assertEquals(List.of(), before.objects().get(root));
        assertEquals(Set.of(root), before.roots());
        assertEquals(List.of(new ObjectRef("b", 3)), s.capture().objects().get(root));
    }

    @Test
    void touchingAFreedObjectFailsLoudly() {
        ObjectStore s = new ObjectStore("a");
        long x = s.allocate();
        s.free(ObjectIds.of(x));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.addReference(x, new ObjectRef("b", 1)));
        assertTrue(e.getMessage().contains("it was freed"), e.getMessage());
    }
}
