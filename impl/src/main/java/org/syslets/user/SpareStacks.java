package org.syslets.user;

import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.kernel.UserMemory;

/** The new_thread_stack protocol, user side: the kernel zeroes the token when it makes a spare. */
public final class SpareStacks {
    private SpareStacks() {
    }

    /** RefillStack: the user writes a non-zero token (a stack address in C) to ahu->new_thread_stack. */
    public static void refillStack(long ahu, long token) {
        if (token == 0) throw new IllegalArgumentException("token must be non-zero");
        UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK, token);
    }

    /** True when the kernel consumed the token (fio refills before every async_exec). */
    public static boolean consumed(long ahu) {
        return UserMemory.getLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK) == 0;
    }
}
