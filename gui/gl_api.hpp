// OpenGL 3.3 core functions for gui/. On Linux, Mesa's libGL (and GLVND's libOpenGL) export every
// core entry point, so declaring the prototypes is all the "loading" needed; no loader library.
// Include this before any GLFW header (and define GLFW_INCLUDE_NONE there) so one gl.h wins.
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
