#include "sim/observation.hpp"

#include <cmath>

namespace mosaic::sim {

int LayoutSize(const std::vector<ObservationField>& layout) {
  int size = 0;
  for (const auto& field : layout) size += field.size;
  return size;
}

int FieldOffset(const std::vector<ObservationField>& layout, const std::string& name) {
  int offset = 0;
  for (const auto& field : layout) {
    if (field.name == name) return offset;
    offset += field.size;
  }
  return -1;
}

std::vector<ObservationField> RobotObservationLayout(const robots::RobotModel& model) {
  std::vector<ObservationField> layout;
  for (const auto& joint : model.joints) {
    if (joint.IsRevolute()) {
      layout.push_back({joint.name, 3, "joint", "sin, cos, rad/s"});
    } else {
      layout.push_back({joint.name, 2, "joint", "scaled position, m/s"});
    }
  }
  return layout;
}

void ObserveRobot(const robots::RobotModel& model, const float* q, const float* qd,
                  float* o_robot) {
  for (int i = 0; i < model.dof(); ++i) {
    const auto& joint = model.joints[i];
    if (joint.IsRevolute()) {
      *o_robot++ = std::sin(q[i]);
      *o_robot++ = std::cos(q[i]);
    } else if (std::isfinite(joint.lower) && std::isfinite(joint.upper) &&
               joint.upper > joint.lower) {
      const float mid = 0.5f * (joint.lower + joint.upper),
                  half = 0.5f * (joint.upper - joint.lower);
      *o_robot++ = (q[i] - mid) / half;
    } else {
      *o_robot++ = q[i];
    }
    *o_robot++ = qd[i];
  }
}

}  // namespace mosaic::sim
