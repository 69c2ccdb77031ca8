// SPDX-License-Identifier: GPL-3.0-or-later
#include "permissions.h"

namespace hearth::platform {

QString permissionReason(Permission permission, bool english)
{
    // The same words as platforms/android/res/values*/strings.xml.
    switch (permission) {
    case Permission::Location:
        return english ? u"Hearth records where a visit took place. Without location the visit is still "
                         u"saved, marked \"no fix\"."_qs
                       : u"记录走访地点，需要定位权限；拒绝后走访照常保存，标为“无定位”。"_qs;
    case Permission::Camera:
        return english ? u"Hearth takes photos of visits. Without the camera you can still pick photos from "
                         u"the gallery."_qs
                       : u"给走访拍照，需要相机权限；拒绝后仍可从相册选照片。"_qs;
    case Permission::Notifications:
        return english ? u"Hearth tells you when a sync returns a record for review."_qs
                       : u"同步后有记录被退回复核时提醒您。"_qs;
    }
    return {};
}

} // namespace hearth::platform
