"""Pure computation over frozen dataclasses and NumPy arrays: no database, no clock."""

from openpmo.engines.cpm import ConstraintType as ConstraintType
from openpmo.engines.cpm import CpmResult as CpmResult
from openpmo.engines.cpm import Network as Network
from openpmo.engines.cpm import ScheduleInput as ScheduleInput
from openpmo.engines.cpm import ScheduleResult as ScheduleResult
from openpmo.engines.cpm import cpm as cpm
from openpmo.engines.cpm import schedule as schedule
from openpmo.engines.errors import CycleError as CycleError
from openpmo.engines.scheduling import ProjectPlan as ProjectPlan
from openpmo.engines.scheduling import ProjectSchedule as ProjectSchedule
from openpmo.engines.scheduling import schedule_project as schedule_project
