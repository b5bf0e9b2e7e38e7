"""edu: voter education and university internships for KPU NTB."""
