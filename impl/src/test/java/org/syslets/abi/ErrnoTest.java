package org.syslets.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Our errno constants against jnr-constants' table for the running platform (Linux x86-64). */
class ErrnoTest {
    @Test
    void valuesMatchThePlatformTable() {
        assertThat(Errno.EPERM).isEqualTo(jnr.constants.platform.Errno.EPERM.intValue());
        assertThat(Errno.ENOENT).isEqualTo(jnr.constants.platform.Errno.ENOENT.intValue());
        assertThat(Errno.EINTR).isEqualTo(jnr.constants.platform.Errno.EINTR.intValue());
        assertThat(Errno.EBADF).isEqualTo(jnr.constants.platform.Errno.EBADF.intValue());
        assertThat(Errno.EAGAIN).isEqualTo(jnr.constants.platform.Errno.EAGAIN.intValue());
        assertThat(Errno.ENOMEM).isEqualTo(jnr.constants.platform.Errno.ENOMEM.intValue());
        assertThat(Errno.EFAULT).isEqualTo(jnr.constants.platform.Errno.EFAULT.intValue());
        assertThat(Errno.EBUSY).isEqualTo(jnr.constants.platform.Errno.EBUSY.intValue());
        assertThat(Errno.EINVAL).isEqualTo(jnr.constants.platform.Errno.EINVAL.intValue());
        assertThat(Errno.ENOSYS).isEqualTo(jnr.constants.platform.Errno.ENOSYS.intValue());
        assertThat(Errno.ECANCELED).isEqualTo(jnr.constants.platform.Errno.ECANCELED.intValue());
    }

    @Test
    void valuesAreTheLinuxX8664Numbers() {
        // Pinned literally too, so a platform table that drifted would show up as a disagreement.
        assertThat(new int[] {Errno.EPERM, Errno.ENOENT, Errno.EINTR, Errno.EBADF, Errno.EAGAIN, Errno.ENOMEM,
                Errno.EFAULT, Errno.EBUSY, Errno.EINVAL, Errno.ENOSYS, Errno.ECANCELED})
                .containsExactly(1, 2, 4, 9, 11, 12, 14, 16, 22, 38, 125);
    }
}
