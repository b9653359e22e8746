"""Pure computation over frozen dataclasses and NumPy arrays: no database, no clock."""

from openpmo.engines.cpm import CpmResult as CpmResult
from openpmo.engines.cpm import Network as Network
from openpmo.engines.cpm import cpm as cpm
from openpmo.engines.errors import CycleError as CycleError
