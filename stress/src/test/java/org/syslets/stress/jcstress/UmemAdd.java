package org.syslets.stress.jcstress;

import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.stress.NativePool;

/**
 * Two threads umem_add(p, 1) on one u64 of real user memory (0 before). r1, r2 = the values the two
 * calls returned, r3 = the final value. No invariant of the spec covers it (the spec's atoms are
 * single-threaded); the finding is UMEM-ATOMIC.
 *
 * <p>UMEM-ATOMIC: v5's sys_umem_add is get_user, add, put_user — a read-then-write, so two
 * concurrent adds can both read 0 and both store 1 (one update lost). Fixed: a CAS loop on the
 * registered word.
 */
abstract class UmemAdd {
    final SysletKernel k;
    final NativePool pool;
    final int blk;
    final long p;

    UmemAdd(SysletKernel k, NativePool pool) {
        this.k = k;
        this.pool = pool;
        this.blk = pool.acquire();
        this.p = pool.word(blk, 0);
        UserMemory.putLong(p, 0);
    }

    void add1(JJJ_Result r) {
        r.r1 = k.umemAdd(p, 1);
    }

    void add2(JJJ_Result r) {
        r.r2 = k.umemAdd(p, 1);
    }

    void arbiter(JJJ_Result r) {
        r.r3 = UserMemory.getLong(p);
        pool.release(blk);
    }
}
