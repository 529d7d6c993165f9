package org.syslets.abi;

/**
 * The Linux errno values the syslet ABI returns, as positive ints (the kernel returns
 * {@code -errno}). Values are the x86-64 (asm-generic) ones; {@code ErrnoTest} checks each against
 * jnr-constants' platform table so a typo cannot survive.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int ELOOP = 40;
    public static final int ECANCELED = 125;

    /** Largest errno the kernel encodes in a return value ({@code MAX_ERRNO}, -4095..-1 are errors). */
    public static final int MAX_ERRNO = 4095;

    private Errno() {
    }
}
