package org.syslets.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One vocabulary with the TLA+ spec: each action is performed by exactly one Java method of that name. */
class VocabularyTest {
    @ParameterizedTest(name = "{0} -> {1}.{2}")
    @CsvSource({
        "Post, org.syslets.kernel.CompletionRing, post",
        "Flush, org.syslets.kernel.CompletionRing, flush",
        "Reap, org.syslets.user.RingReaper, reap",
        "WaitEnter, org.syslets.kernel.AsyncWait, waitEnter",
        "WaitWake, org.syslets.kernel.AsyncWait, waitWake",
        "ExecEnter, org.syslets.kernel.AsyncHead, execEnter",
        "CreateSpare, org.syslets.kernel.AsyncHead, createSpare",
        "RefillStack, org.syslets.user.SpareStacks, refillStack",
        "ExecAtom, org.syslets.kernel.AtomExecutor, execAtom",
        "NextAtom, org.syslets.kernel.AtomExecutor, nextAtom",
        "Block, org.syslets.kernel.AsyncHead, block",
        "Unblock, org.syslets.kernel.AsyncHead, unblock",
        "ExecExit, org.syslets.kernel.AsyncHead, execExit",
        "Complete, org.syslets.kernel.AsyncHead, complete",
        "Park, org.syslets.kernel.AsyncHead, park",
        "SignalToUser, org.syslets.kernel.AsyncHead, signalToUser",
        "AsyncThread, org.syslets.kernel.SysletKernel, asyncThread",
        "UmemAdd, org.syslets.kernel.SysletKernel, umemAdd",
    })
    void actionHasItsMethod(String action, String cls, String method) throws Exception {
        Class<?> c = Class.forName(cls);
        long n = Arrays.stream(c.getDeclaredMethods()).map(Method::getName).filter(method::equals).count();
        assertThat(n).as(action).isGreaterThanOrEqualTo(1);
        assertThat(Character.toLowerCase(action.charAt(0)) + action.substring(1)).isEqualTo(method);
    }
}
