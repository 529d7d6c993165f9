package org.syslets.kernel;

/** A threadlet body: runs inline on the head; make system calls through {@link SysletKernel#syscall}. */
@FunctionalInterface
public interface Threadlet {
    /** Returns the completion event (e.g. the address of a user object) posted if it went async. */
    long run(SysletKernel kernel);
}
