package org.syslets.uring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a thread of this process is asleep inside a given system call, read from
 * /proc/self/task/&lt;tid&gt;/stat (state 'S') and /proc/self/task/&lt;tid&gt;/syscall (the number it is in):
 * how a watcher tells "the waiter is really sleeping in io_uring_enter" without trusting time.
 */
public final class ThreadState {
    private ThreadState() {
    }

    /** True when thread {@code tid} is in interruptible sleep inside syscall {@code nr}. */
    public static boolean sleepingIn(int tid, int nr) {
        try {
            Path task = Path.of("/proc/self/task/" + tid);
            String stat = Files.readString(task.resolve("stat"));
            int close = stat.lastIndexOf(')');         // comm may contain spaces and parentheses
            if (close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'S') return false;
            String sc = Files.readString(task.resolve("syscall")).trim();
            int sp = sc.indexOf(' ');
            return (sp < 0 ? sc : sc.substring(0, sp)).equals(Integer.toString(nr));
        } catch (IOException | RuntimeException e) {
            return false;                              // the thread is gone, or /proc is not readable
        }
    }
}
