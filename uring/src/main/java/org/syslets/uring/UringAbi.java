package org.syslets.uring;

/**
 * The io_uring user ABI this client speaks, as the kernel's uapi header
 * {@code include/uapi/linux/io_uring.h} (shipped in liburing as {@code src/include/liburing/io_uring.h})
 * defines it. Struct field offsets are fixed ABI (the kernel's {@code io_uring_init} asserts every SQE
 * field offset with BUILD_BUG_ON); the offsets <em>inside the rings</em> are not, and are read at runtime
 * from the {@code io_sqring_offsets}/{@code io_cqring_offsets} that setup returns ({@link IoUring}).
 * Errno values not in {@link org.syslets.abi.Errno} are the io_uring-specific returns.
 */
public final class UringAbi {
    private UringAbi() {
    }

    // ---------------------------------------------------------------- struct io_uring_params (120 bytes)
    public static final int PARAMS_SIZE = 120;
    public static final int P_SQ_ENTRIES = 0, P_CQ_ENTRIES = 4, P_FLAGS = 8, P_SQ_THREAD_CPU = 12,
            P_SQ_THREAD_IDLE = 16, P_FEATURES = 20, P_WQ_FD = 24, P_RESV = 28 /* u32[3] */;
    /** struct io_sqring_offsets at 40: head, tail, ring_mask, ring_entries, flags, dropped, array (u32 each). */
    public static final int P_SQ_OFF = 40;
    public static final int SQO_HEAD = 0, SQO_TAIL = 4, SQO_RING_MASK = 8, SQO_RING_ENTRIES = 12, SQO_FLAGS = 16,
            SQO_DROPPED = 20, SQO_ARRAY = 24;
    /** struct io_cqring_offsets at 80: head, tail, ring_mask, ring_entries, overflow, cqes, flags (u32 each). */
    public static final int P_CQ_OFF = 80;
    public static final int CQO_HEAD = 0, CQO_TAIL = 4, CQO_RING_MASK = 8, CQO_RING_ENTRIES = 12, CQO_OVERFLOW = 16,
            CQO_CQES = 20, CQO_FLAGS = 24;

    // ---------------------------------------------------------------- struct io_uring_sqe (64 bytes)
    public static final int SQE_SIZE = 64;
    public static final int SQE_OPCODE = 0 /* u8 */, SQE_FLAGS = 1 /* u8 */, SQE_IOPRIO = 2 /* u16 */,
            SQE_FD = 4 /* s32 */, SQE_OFF = 8 /* u64 */, SQE_ADDR = 16 /* u64 */, SQE_LEN = 24 /* u32 */,
            SQE_OP_FLAGS = 28 /* u32: rw_flags, nop_flags, ... */, SQE_USER_DATA = 32 /* u64 */;

    // ---------------------------------------------------------------- struct io_uring_cqe (16 bytes)
    public static final int CQE_SIZE = 16;
    public static final int CQE_USER_DATA = 0 /* u64 */, CQE_RES = 8 /* s32 */, CQE_FLAGS = 12 /* u32 */;

    // ---------------------------------------------------------------- mmap offsets
    public static final long OFF_SQ_RING = 0L, OFF_CQ_RING = 0x8000000L, OFF_SQES = 0x10000000L;

    // ---------------------------------------------------------------- opcodes (enum io_uring_op)
    public static final int OP_NOP = 0, OP_READV = 1, OP_WRITEV = 2, OP_FSYNC = 3, OP_READ = 22, OP_WRITE = 23;

    // ---------------------------------------------------------------- sqe->flags (IOSQE_*)
    public static final int IOSQE_FIXED_FILE = 1 << 0, IOSQE_IO_DRAIN = 1 << 1, IOSQE_IO_LINK = 1 << 2,
            IOSQE_IO_HARDLINK = 1 << 3, IOSQE_ASYNC = 1 << 4, IOSQE_BUFFER_SELECT = 1 << 5,
            IOSQE_CQE_SKIP_SUCCESS = 1 << 6;
    /** Every IOSQE_* bit the header defines; sqe->flags is a u8, so bit 7 is the only unknown one. */
    public static final int IOSQE_KNOWN = 0x7f;

    // ---------------------------------------------------------------- io_uring_setup flags
    public static final int SETUP_CQSIZE = 1 << 3, SETUP_CLAMP = 1 << 4;

    // ---------------------------------------------------------------- io_uring_enter flags
    public static final int ENTER_GETEVENTS = 1 << 0, ENTER_SQ_WAKEUP = 1 << 1, ENTER_SQ_WAIT = 1 << 2,
            ENTER_EXT_ARG = 1 << 3, ENTER_REGISTERED_RING = 1 << 4, ENTER_ABS_TIMER = 1 << 5,
            ENTER_EXT_ARG_REG = 1 << 6, ENTER_NO_IOWAIT = 1 << 7;
    /** The highest enter flag the header of this kernel generation defines (NO_IOWAIT, 6.15). */
    public static final int ENTER_LAST_KNOWN_BIT = 7;

    // ---------------------------------------------------------------- sq_ring->flags
    public static final int SQ_NEED_WAKEUP = 1 << 0, SQ_CQ_OVERFLOW = 1 << 1, SQ_TASKRUN = 1 << 2;

    // ---------------------------------------------------------------- params->features
    public static final int FEAT_SINGLE_MMAP = 1 << 0, FEAT_NODROP = 1 << 1, FEAT_SUBMIT_STABLE = 1 << 2,
            FEAT_EXT_ARG = 1 << 8;

    // ---------------------------------------------------------------- io_uring_register
    public static final int REGISTER_PROBE = 8;
    /** struct io_uring_probe: last_op u8, ops_len u8, resv u16, resv2 u32[3], then ops[] of 8 bytes. */
    public static final int PROBE_LAST_OP = 0, PROBE_OPS_LEN = 1, PROBE_OPS = 16, PROBE_OP_SIZE = 8,
            PROBE_OP_FLAGS = 2 /* u16 within an op */, IO_URING_OP_SUPPORTED = 1;

    // ---------------------------------------------------------------- struct io_uring_getevents_arg (24 bytes)
    public static final int GETEVENTS_ARG_SIZE = 24;
    public static final int GA_SIGMASK = 0 /* u64 */, GA_SIGMASK_SZ = 8 /* u32 */, GA_MIN_WAIT_USEC = 12 /* u32 */,
            GA_TS = 16 /* u64: struct __kernel_timespec * */;

    // ---------------------------------------------------------------- errno values io_uring returns
    public static final int EBADR = 53, ETIME = 62, EOPNOTSUPP = 95;

    // ---------------------------------------------------------------- mmap(2)
    public static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 0x01, MAP_POPULATE = 0x8000;
}
