"""Write ``site_works_p6.xml`` (Primavera P6 XML) from ``site_works.xer`` with MPXJ's writer.

Run from this folder with the ``mpxj`` extra installed: ``python make_p6xml.py``.
"""

import jpype
import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

jpype.startJVM()
reader = jpype.JClass("org.mpxj.reader.UniversalProjectReader")()
writer = jpype.JClass("org.mpxj.primavera.PrimaveraPMFileWriter")()
writer.write(reader.read("site_works.xer"), "site_works_p6.xml")
