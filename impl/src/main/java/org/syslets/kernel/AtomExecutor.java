package org.syslets.kernel;

import org.syslets.abi.AtomCodec;
import org.syslets.abi.AtomLayout;
import org.syslets.abi.Errno;
import org.syslets.abi.FlagDecoding;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;

/**
 * {@code exec_uatom}: copies atoms from user memory, decodes them, applies the exclusion test,
 * runs the real system call and stores the result through {@code ret_ptr}; {@link #nextAtom}
 * decides where the chain continues. Runs on the head (cached path, inline on the caller's own
 * kernel thread) and on background threads alike. Nothing is allocated per atom.
 */
final class AtomExecutor {
    /** execAtom's answer when an implicit head handed the rest of the chain to a spare (SYSLET_ASYNC). */
    static final long HANDED_OFF = Long.MIN_VALUE + 1;

    private final SysletKernel k;
    private final Design d;
    private final boolean mm21Fixed, mm9Fixed;

    AtomExecutor(SysletKernel k) {
        this.k = k;
        this.d = k.design;
        this.mm21Fixed = d.isFixed(Finding.MM21_EXCLUSION);
        this.mm9Fixed = d.isFixed(Finding.MM9_FORCE_NOERROR);
    }

    /**
     * Runs the chain starting at {@code uatom}. Returns the final atom (the one that ended the
     * syslet; 0 if none ran), or {@link #HANDED_OFF}. {@code t.chainErr} is set to {@code -EFAULT}
     * when the chain was aborted (an unreadable atom, or a ret_ptr that could not be written).
     *
     * <p>Never throws: a Java error inside the runtime (a bug, or the JVM out of stack or heap) ends
     * the chain with {@code t.chainErr = -ENOMEM} after the last atom that ran, and is counted
     * ({@code snapshot().internalErrors()}). The caller then completes the chain as usual: a head
     * returns the errno, a background thread still posts and goes back to the pool.
     */
    long runChain(KTask t, long uatom, long ahu) {
        long last = 0;
        t.chainErr = 0;
        t.stoppedBySignal = false;
        try {
            for (;;) {
                t.currentAtom = uatom;
                long ret = execAtom(t, uatom, ahu);
                if (ret == HANDED_OFF) return HANDED_OFF;
                if (t.atomFault) {
                    t.atomFault = false;
                    t.chainErr = -Errno.EFAULT;
                    return last;
                }
                last = uatom;
                t.lastFlags = t.aFlags;
                t.lastValid = t.aValid;
                if (t.chainErr != 0) return last;      // ret_ptr fault: the result cannot be reported
                long next = nextAtom(t, uatom, ret);
                if (next == 0) return last;
                uatom = next;
            }
        } catch (SysletKernel.KernelControl c) {
            throw c;                                   // the runtime's own unwinding, not an error
        } catch (Throwable x) {
            if (!(x instanceof VirtualMachineError || (t.runtimeThread && (x instanceof RuntimeException || x instanceof AssertionError)))) throw x;
            // (SysletKernel.caught, inlined: no method call before the recovery, it may be a StackOverflowError.)
            t.chainErr = -Errno.ENOMEM;
            t.atomFault = false;
            k.internalErrors++;
            t.recoverAfterError();
            return last;
        }
    }

    /**
     * ExecAtom: copy_uatom, flag validation, exclusion test, the real syscall, put_user(ret).
     * Returns the atom's return value. Sets {@code t.atomFault} when the atom itself could not be
     * copied (nothing ran), {@code t.chainErr} when ret_ptr could not be written.
     */
    long execAtom(KTask t, long uatom, long ahu) {
        // Milton (MM9): fixed clears force_noerror before every atom; v5 never does (it leaks).
        if (mm9Fixed) t.forceNoerror = false;
        if (Recording.ON) Recording.beginAtom(t);
        long[] ap = t.argPtr, av = t.args, hdr = t.hdr;
        int argc = AtomCodec.copyUatom(d, t, uatom, hdr, ap);   // the one decode (abi), MM10 inside
        if (argc < 0) {
            t.atomFault = true;
            return -Errno.EFAULT;
        }
        int flags = (int) hdr[AtomCodec.FLAGS_AT], nr = (int) hdr[AtomCodec.NR_AT];
        long retPtr = hdr[AtomCodec.RET_PTR_AT], next = hdr[AtomCodec.NEXT_AT];
        t.aFlags = flags;
        t.aNr = nr;
        t.aRetPtr = retPtr;
        t.aNext = next;

        long ret = FlagDecoding.validate(d, flags);   // fixed: MM7/MM8 → -EINVAL, syscall not run
        t.aValid = ret == 0;
        if (ret == 0 && (flags & Flags.ASYNC) != 0 && t.asyncReady() != 0) {
            // SYSLET_ASYNC: "do not even attempt to execute it synchronously in the user context":
            // hand the head role over before anything of this atom runs -- its arguments are
            // fetched (and may fault) in the background (spec: SysletAtoms ExecAtom, toAsync).
            int h = t.ah.asyncFlag(t, uatom, ahu);
            if (h == AsyncHead.HANDED) return HANDED_OFF;
            if (h == AsyncHead.AHU_FAULT) {
                t.atomFault = true;                    // nothing of the atom ran: the syslet aborts
                return -Errno.EFAULT;
            }
        }
        // Recording: after a switch this atom runs in t as a busy thread; if no exclusion test follows
        // (an argument faults, or the flags were rejected), these are the values the spec sees.
        if (Recording.ON) {
            Recording.Notes n = Recording.of(t);
            n.at = t.at() != 0;
            n.ready = t.asyncReady() != 0;
        }
        if (ret == 0) {
            // Indirect arguments (DL1): fetch each value; a bad arg_ptr target is this atom's -EFAULT.
            for (int i = 0; i < argc; i++) {
                long q = UserMemory.resolveRead(t, ap[i], 8);
                if (q == 0) {
                    ret = -Errno.EFAULT;
                    break;
                }
                av[i] = UserMemory.U.getLong(q);
            }
            // Past the first NULL arg_ptr the kernel sees 0 in every argument register.
            for (int i = argc; i < 6; i++) av[i] = 0;
            if (ret == 0) {
                ret = dispatch(t, nr & 0xFFFFFFFFL, av, flags);
            }
        }
        if (retPtr != 0 && !UserMemory.putUser(t, retPtr, ret)) {
            k.retPtrFaults.increment();
            t.chainErr = -Errno.EFAULT;
        }
        if (Recording.ON) recordAtom(t);
        return ret;
    }

    /**
     * Recording, task level: ExecAtom(t) with at/async_ready as the exclusion test saw them and its
     * verdict — unless the head was switched away inside this atom's syscall (then the atom is the
     * Block + Unblock already recorded). ExecAtom reads and writes only t's own at/async_ready; the
     * one other task that may change them is the detector's Block, and that happens only while t is
     * inside a switchable syscall, which notes it (Recording.Notes#switched). So listing the event here, after the
     * atom, is consistent with every step that touches the same variables.
     */
    static void recordAtom(KTask t) {
        AsyncHead ah = t.ah;
        Recording.Notes n = Recording.of(t);
        if (n.switched || ah == null || ah.entry == null) return;
        Recording.lock();
        try {
            Recording.task("ExecAtom", ah, t, null, 0, n.at ? 1 : 0, n.ready ? 1 : 0, 0, n.verdict);
        } finally {
            Recording.unlock();
        }
    }

    /** Runs syscall {@code nr} for an atom: runtime calls, exclusion test, then the real syscall. */
    private long dispatch(KTask t, long nr, long[] a, int flags) {
        if (nr >= SysletKernel.TABLE_SIZE) return -Errno.ENOSYS;        // MM15: nr ≥ NR_syscalls
        boolean sync = (flags & Flags.SYNC) != 0;
        boolean wasReady = t.asyncReady() != 0;
        // SYSLET_SYNC: not async-ready while this atom runs, so a block just blocks.
        if (sync && wasReady) t.setAsyncReady(false);
        if (Recording.ON) {
            Recording.Notes n = Recording.of(t);
            n.at = t.at() != 0;             // what the exclusion test below reads
            n.ready = t.asyncReady() != 0;
        }
        try {
            long refused = exclusion(t, nr, a);
            if (refused != 0) return refused;
            if (nr >= SysletKernel.NR_ASYNC_EXEC) return k.runtimeCall(t, nr, a);
            // The JVM shares this process: no atom unmaps or wipes its memory or takes its signals
            // (the fuzzer's heap corruption: a chain rewrote its next nr into madvise, JvmGuard).
            long guarded = JvmGuard.refusal(nr, a);
            if (guarded != 0) {
                k.jvmGuarded.increment();
                return guarded;
            }
            long r = realSyscall(t, nr, a);
            JvmGuard.ran(nr, a, r);
            // kernel/sys.c: getpriority() calls force_successful_syscall_return() -- its value must
            // never be read as an error. Both designs set the flag here; only the fixed design clears
            // it before the next atom (Milton, MM9), so in v5 it leaks into every later atom.
            if (nr == Sys.NR_GETPRIORITY && r >= 0) t.forceNoerror = true;
            return r;
        } finally {
            if (sync && wasReady && t.ah != null && t.ah.head == t) t.setAsyncReady(true);
        }
    }

    /**
     * InsideSyslet(t): "am I inside a syslet?", the one exclusion test, for atoms and for the syscalls
     * of threadlets alike (v5 had one test in its syscall path for both).
     */
    boolean insideSyslet(KTask t) {
        // Milton (MM21): v5 asks through async_ready, which is NULL in background threads and during
        // SYNC atoms; fixed tests at (the syslet marker) too: "Or maybe a combination".
        return mm21Fixed ? (t.at() != 0 || t.asyncReady() != 0) : t.asyncReady() != 0;
    }

    /**
     * The exclusion policy for syscall {@code nr}: 0 (run it), -ENOSYS (forbidden and
     * {@link #insideSyslet}), or -EPERM (the test let a forbidden call through, but really running it
     * would fork or end the JVM). Counted when the task is in the syslet machinery (at or
     * async_ready set: every atom, a threadlet); a plain user thread's call is not a syslet's.
     */
    long exclusion(KTask t, long nr, long[] a) {
        if (!forbidden(nr)) return 0;
        boolean machinery = t.at() != 0 || t.asyncReady() != 0;
        if (insideSyslet(t)) {
            if (machinery) k.forbiddenRefused.increment();
            if (Recording.ON) Recording.of(t).verdict = "refused";
            return -Errno.ENOSYS;
        }
        if (machinery) k.forbiddenLetThrough.increment();
        if (Recording.ON) Recording.of(t).verdict = "ran";   // the exclusion test missed (the JVM guard below is ours)
        if (harmlessForTheJvm(nr, a)) return 0;
        if (machinery) k.jvmGuarded.increment();
        return -Errno.EPERM;
    }

    /** The syscalls an atom may not run inside a syslet (v2's async_syscall() recursion protection). */
    private static boolean forbidden(long nr) {
        return nr == Sys.NR_CLONE || nr == Sys.NR_FORK || nr == Sys.NR_VFORK || nr == Sys.NR_EXECVE
                || nr == Sys.NR_EXIT || nr == Sys.NR_EXIT_GROUP || nr == Sys.NR_EXECVEAT || nr == Sys.NR_CLONE3
                || (nr >= SysletKernel.NR_ASYNC_EXEC && nr != SysletKernel.NR_UMEM_ADD);
    }

    /**
     * When v5's exclusion test lets a forbidden call through, the runtime really executes it only if
     * the kernel will provably reject it without creating or ending anything: clone3 with a size
     * below CLONE_ARGS_SIZE_VER0 (EINVAL), execve/execveat with a NULL path (EFAULT), and the
     * runtime's own calls. Everything else would fork or kill the JVM: -EPERM, counted.
     */
    private static boolean harmlessForTheJvm(long nr, long[] a) {
        if (nr >= SysletKernel.NR_ASYNC_EXEC) return true;
        if (nr == Sys.NR_CLONE3) return a[1] < 64;
        if (nr == Sys.NR_EXECVE) return a[0] == 0;
        if (nr == Sys.NR_EXECVEAT) return a[1] == 0 && (a[4] & 0x1000 /* AT_EMPTY_PATH */) == 0;
        return false;
    }

    /** The real syscall, bracketed by the "in syscall #seq" publication the detector polls. */
    long realSyscall(KTask t, long nr, long[] a) {
        boolean switchable = t.asyncReady() != 0;
        t.currentNr = nr;
        long w = t.beginSyscall(switchable);
        if ((nr == Sys.NR_MUNMAP || nr == Sys.NR_MPROTECT || nr == Sys.NR_MREMAP
                || (nr == Sys.NR_MMAP && (a[3] & 0x10 /* MAP_FIXED */) != 0))
                && UserMemory.overlapsRegistered(a[0], a[1])) {
            // The mapping is about to change under a registered region: forget it first (we are
            // quiescent here), so no Java access can touch it afterwards.
            UserMemory.forgetRange(a[0], a[1]);
        }
        long r = Sys.call6(nr, a, t.argBlock());
        if (!t.endSyscall(w)) {
            // The detector saw us asleep in this syscall and switched the head away.
            if (Recording.ON) Recording.of(t).switched = true;
            t.ah.unblock(t);
        }
        return r;
    }

    /**
     * NextAtom: stop, skip (uatom + 80) or follow {@code next}; then the signal/cancellation check
     * between atoms (an endless umem_add + SKIP_TO_NEXT_ON_STOP loop stops here).
     */
    long nextAtom(KTask t, long uatom, long ret) {
        int flags = t.aFlags;
        long next;
        if (!t.aValid) {
            next = 0;                                   // a rejected atom ends the syslet
        } else {
            switch (FlagDecoding.nextStep(d, flags, ret)) {
                case FOLLOW_NEXT: next = t.aNext; break;
                case SKIP_LINEAR: next = uatom + AtomLayout.SIZE; break;
                default: next = 0; break;
            }
        }
        if (next != 0 && t.signalPending) {
            t.stoppedBySignal = true;
            return 0;
        }
        // close() ends every loop it started: a chain that never ends by itself stops here, and
        // close() joins its thread (CloseEndsLoopsTest; the fuzzer's spinning v5 background loops).
        if (next != 0 && k.isClosed()) return 0;
        return next;
    }
}
