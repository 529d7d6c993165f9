package org.syslets.user;

import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.kernel.Recording;
import org.syslets.linux.UserMemory;

/** The new_thread_stack protocol, user side: the kernel zeroes the token when it makes a spare. */
public final class SpareStacks {
    private SpareStacks() {
    }

    /** RefillStack: the user writes a non-zero token (a stack address in C) to ahu->new_thread_stack. */
    public static void refillStack(long ahu, long token) {
        if (token == 0) throw new IllegalArgumentException("token must be non-zero");
        if (Recording.ON) {
            // Recording: the read of the old token and the store are atomic w.r.t. the kernel's
            // consumption (AsyncHead#execEnter -> createSpare holds the recording lock across its read
            // and zeroing), so a RefillStack of 0 is listed after the CreateSpare that zeroed it.
            Recording.lock();
            try {
                long before = UserMemory.getLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK);
                UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK, token);
                Recording.refill(ahu, before);
            } finally {
                Recording.unlock();
            }
            return;
        }
        UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK, token);
    }

    /** True when the kernel consumed the token (fio refills before every async_exec). */
    public static boolean consumed(long ahu) {
        return UserMemory.getLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK) == 0;
    }
}
