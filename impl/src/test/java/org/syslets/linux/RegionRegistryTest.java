package org.syslets.linux;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry of user memory ({@link UserMemory#map}) answers exactly the live regions: every byte
 * of a region the runtime mapped and still holds is direct access, nothing else is — not its guard
 * pages, not a range straddling its end, not a region unmapped or forgotten — whatever the order in
 * which regions were mapped and unmapped. The kernel's fast path ({@link UserMemory#lookup}, a binary
 * search with a per-accessor cache) and the linear answers ({@link UserMemory#isRegistered},
 * {@link UserMemory#overlapsRegistered}) must agree with that, and a guard page must really fault.
 */
class RegionRegistryTest {
    static final long PAGE = UserMemory.PAGE;

    @Test
    void everyLiveRegionIsFoundAndNothingElseWhateverTheOrderOfMapAndUnmap() {
        UserMemory.UserAccessor a = new UserMemory.UserAccessor();
        List<UserMemory.Region> live = new ArrayList<>();
        List<UserMemory.Region> gone = new ArrayList<>();
        try {
            // mmap hands out addresses top-down, so the registry receives them in descending order; the
            // holes an unmap leaves are filled again by later maps of other sizes.
            for (int i = 0; i < 12; i++) live.add(UserMemory.map((i % 3 + 1) * PAGE - 5));
            for (int i : new int[] {9, 4, 1}) gone.add(live.remove(i));
            for (UserMemory.Region r : gone) r.unmap();
            for (int i = 0; i < 4; i++) live.add(UserMemory.map((i + 2) * PAGE));
            assertRegistry(a, live, gone);

            // The accessor's cached region must not outlive its unmap.
            UserMemory.Region cached = live.remove(live.size() / 2);
            assertThat(UserMemory.lookup(a, cached.address() + 8, 8)).isSameAs(cached);
            cached.unmap();
            assertThat(UserMemory.lookup(a, cached.address() + 8, 8)).as("a cached region after its unmap").isNull();
            assertThat(UserMemory.isRegistered(cached.address(), 8)).isFalse();

            // forgetRange forgets exactly the regions whose mapping, guard pages included, it touches: the
            // page below r's leading guard is not r's (it may be a neighbour's, mmap places them adjacently).
            UserMemory.Region r = live.remove(0);
            List<UserMemory.Region> forgotten = new ArrayList<>(List.of(r));
            long below = r.guardBefore() - PAGE;
            live.stream().filter(l -> touches(l, below, PAGE)).forEach(forgotten::add);
            live.removeAll(forgotten);
            UserMemory.forgetRange(below, PAGE);
            assertThat(UserMemory.isRegistered(r.address(), r.length())).as("the page below the leading guard").isTrue();
            UserMemory.forgetRange(r.guardAfter() + PAGE - 1, 1);
            assertThat(UserMemory.isRegistered(r.address(), 8)).as("the last byte of the trailing guard").isFalse();
            live.stream().filter(l -> touches(l, r.guardAfter() + PAGE - 1, 1)).forEach(forgotten::add);
            live.removeAll(forgotten);
            live.add(UserMemory.map(PAGE));
            List<UserMemory.Region> notLive = new ArrayList<>(forgotten);
            notLive.add(cached);
            assertRegistry(a, live, notLive);
            for (UserMemory.Region f : forgotten) {   // forgotten regions are the caller's to munmap (an atom's munmap does)
                f.unmap();
                assertThat(UserMemory.getLong(f.address())).as("a forgotten region stays mapped").isZero();
                Sys.call(Sys.NR_MUNMAP, f.guardBefore(), f.length() + 2 * PAGE);
            }
        } finally {
            for (UserMemory.Region r : live) r.unmap();
            a.releaseAccessor();
        }
    }

    /** Whether [addr, addr+len) touches r's mapping, guard pages included. */
    private static boolean touches(UserMemory.Region r, long addr, long len) {
        return Long.compareUnsigned(r.guardBefore(), addr + len) < 0 && Long.compareUnsigned(addr, r.guardAfter() + PAGE) < 0;
    }

    @Test
    void aRegionHasAtLeastOnePageAndNothingIsMappedForAnEmptyOne() {
        assertThatThrownBy(() -> UserMemory.map(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserMemory.map(-1)).isInstanceOf(IllegalArgumentException.class);
        UserMemory.Region one = UserMemory.map(1);
        try {
            assertThat(one.length()).isEqualTo(PAGE);
        } finally {
            one.unmap();
        }
    }

    private static void assertRegistry(UserMemory.UserAccessor a, List<UserMemory.Region> live, List<UserMemory.Region> gone) {
        for (UserMemory.Region r : live) {
            long s = r.address(), e = r.end();
            assertThat(r.length() % PAGE).isZero();
            assertThat(r.guardBefore()).isEqualTo(s - PAGE);
            assertThat(r.guardAfter()).isEqualTo(e);
            assertThat(UserMemory.lookup(a, s, 8)).as("first word of a live region").isSameAs(r);
            assertThat(UserMemory.lookup(a, e - 8, 8)).as("last word").isSameAs(r);
            assertThat(UserMemory.lookup(a, s, (int) r.length())).as("the whole region").isSameAs(r);
            assertThat(UserMemory.lookup(a, e - 7, 8)).as("a word straddling the end").isNull();
            assertThat(UserMemory.lookup(a, s - 1, 1)).as("the leading guard").isNull();
            assertThat(UserMemory.lookup(a, e, 1)).as("the trailing guard").isNull();
            assertThat(UserMemory.isRegistered(s, r.length())).isTrue();
            assertThat(UserMemory.isRegistered(e - 1, 2)).isFalse();
            assertThat(UserMemory.isRegistered(s - 1, 1)).isFalse();
            assertThat(UserMemory.overlapsRegistered(r.guardBefore(), 1)).as("the guard belongs to the mapping").isTrue();
            assertThat(UserMemory.overlapsRegistered(r.guardAfter() + PAGE - 1, 1)).isTrue();
            assertThat(UserMemory.getLong(s)).as("fresh memory is zero").isZero();
            UserMemory.putLong(e - 8, s);
            assertThat(UserMemory.getLong(e - 8)).isEqualTo(s);
            assertThatThrownBy(() -> UserMemory.getLong(r.guardBefore())).as("the leading guard is PROT_NONE")
                    .isInstanceOf(UserMemory.UserFault.class);
            assertThatThrownBy(() -> UserMemory.getInt(r.guardAfter() + PAGE - 4)).as("the trailing guard is PROT_NONE")
                    .isInstanceOf(UserMemory.UserFault.class);
        }
        for (UserMemory.Region r : gone) {
            boolean reused = live.stream().anyMatch(l -> touches(l, r.address(), 8));
            if (reused) continue;   // a later map took the address again
            assertThat(UserMemory.lookup(a, r.address(), 8)).as("an unmapped region").isNull();
            assertThat(UserMemory.isRegistered(r.address(), 8)).isFalse();
        }
    }
}
