package org.syslets.kernel;

/**
 * A user-space entry point: the Java stand-in for v5's {@code head_ip}/{@code restore_ip}/
 * {@code new_thread_ip} ("a minimal longjmp", Milton MM18). A Java stack cannot move between
 * threads, so instead of resuming the blocked caller's frame, the runtime calls the entry afresh on
 * the thread that now owns the user context. User state must therefore live in objects reachable
 * from the entry, not in locals of the frame that called {@code asyncExec}.
 *
 * <p>{@code ret} is what the kernel would put in the return register:
 * {@link #STARTED} on the first entry of a head, 0 after a head switch ("the submission went
 * async"), {@code -EINTR} when a signalled background thread leaves to user space.
 */
@FunctionalInterface
public interface UserEntry {
    /** ret of the first entry of a head started with {@link SysletKernel#startHead}. */
    long STARTED = 1;

    void enter(long ret);
}
