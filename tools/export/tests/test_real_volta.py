"""The checks of check_real_volta.py and gpu_check.py against real VOLTA checkouts.

Set XMODAL_VOLTA_CHECKOUTS to one or more checkouts separated by os.pathsep (VOLTA's root and
cross-modal-ablation's root; both, so that checkpoints of both ages are exported by both codes).
"""
import io
import os
import unittest

from tests.support import TempDirTestCase
import check_real_volta
import gpu_check

CHECKOUTS = [p for p in os.environ.get("XMODAL_VOLTA_CHECKOUTS", "").split(os.pathsep) if p]
BATCH_DEPENDENT = {"lxmert": False, "vilbert": False, "vl-bert": True, "visualbert": False, "uniter": False}


@unittest.skipUnless(CHECKOUTS, "needs real VOLTA checkouts: set XMODAL_VOLTA_CHECKOUTS to VOLTA's root and "
                                "cross-modal-ablation's root, separated by ':' (see tools/export/README.md)")
class RealVoltaCheckTest(TempDirTestCase):
    def test_every_architecture_and_checkpoint_age_exports_and_matches_eager(self):
        out = io.StringIO()
        rows = check_real_volta.check(CHECKOUTS, list(BATCH_DEPENDENT), self.tmp, out=out)
        self.assertEqual(len(rows), len(BATCH_DEPENDENT) * len(CHECKOUTS) ** 2)
        for row in rows:
            self.assertTrue(row.ok(), row.line())
            self.assertIs(row.batch_dependent, BATCH_DEPENDENT[row.arch], row.line())
            self.assertEqual(row.eager_gap > 1e-2, BATCH_DEPENDENT[row.arch], row.line())

    def test_gpu_check_steps_on_the_cpu(self):
        # gpu_check's own path with the CPU standing in for CUDA; the real run needs a GPU.
        for checkout in CHECKOUTS:
            diffs = gpu_check.check_one(checkout, "visualbert", self.path(os.path.basename(checkout)), device="cpu")
            self.assertLessEqual(max(diffs), 1e-6)
