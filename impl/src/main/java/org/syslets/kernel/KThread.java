package org.syslets.kernel;

import org.syslets.linux.Sys;

/** A thread the runtime created: a spare (cachemiss thread) or the first thread of a started head. */
final class KThread extends Thread {
    final KTask task;
    private final AsyncHead ah;
    private final UserEntry first;

    KThread(SysletKernel k, AsyncHead ah, UserEntry first) {
        super("syslet-" + ah.id + (first != null ? "-head" : "-spare"));
        setDaemon(true);
        this.ah = ah;
        this.first = first;
        this.task = new KTask(k, this, true, 0);
        k.tasks.add(task);
    }

    @Override
    public void run() {
        try {
            task.bindTid(Sys.gettid());
            Sys.call(Sys.NR_PRCTL, 29 /* PR_SET_TIMERSLACK */, 1000 /* ns */);
            if (first != null) {
                ah.runUserContext(task, first, UserEntry.STARTED);
            } else {
                task.sleeping();
                ah.spareLoop(task, true);
            }
        } catch (SysletKernel.KernelExit unwound) {
            // The head (or the kernel) closed while this thread was parked inside user frames: they
            // have been unwound, and the thread ends here.
        } catch (Throwable x) {
            task.kernel.internalErrors++;   // last resort: the uncaught-exception handler never fires
        } finally {
            // Base of the thread: nothing of the user is on this stack, so the thread may simply end.
            task.leaveKernel();
            ah.forget(task);
            task.kernel.tasks.remove(task);
            task.release();
        }
    }
}
