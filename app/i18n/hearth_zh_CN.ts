<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HPage</name>
    <message>
        <location filename="../../qml/components/HPage.qml" line="+28"/>
        <source>Hearth</source>
        <translation>暖心走访</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../qml/pages/HomePage.qml" line="+24"/>
        <location line="+34"/>
        <source>Hearth</source>
        <translation>暖心走访</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Everything is saved encrypted on this device and works without a network.</source>
        <translation>所有记录都加密保存在本机，没有网络也能用。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Registry</source>
        <translation>人员台账</translation>
    </message>
</context>
<context>
    <name>LockedOutPage</name>
    <message>
        <location filename="../../qml/pages/LockedOutPage.qml" line="+10"/>
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
        <source>The PIN was entered wrongly too many times. Your records are safe. Ask your administrator to unlock this device with its recovery code.</source>
        <translation>PIN 输错次数过多，数据已锁定，但记录完好。请联系管理员用恢复码解锁本机。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Administrator: hearthctl --store &quot;%1&quot; unlock</source>
        <translation>管理员解锁命令：hearthctl --store &quot;%1&quot; unlock</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../qml/Main.qml" line="+13"/>
        <source>Hearth</source>
        <translation>暖心走访</translation>
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
        <location filename="../../qml/pages/RegistryPage.qml" line="+32"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Registry</source>
        <translation>人员台账</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Name, last digits of phone or ID, address</source>
        <translation>姓名、手机或身份证尾号、住址</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
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
        <location line="+42"/>
        <source>Away</source>
        <translation>外出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>返乡</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>At home</source>
        <translation>在家</translation>
    </message>
    <message>
        <location line="+11"/>
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
        <source>No people in this store yet. Import a ledger with hearthctl people import.</source>
        <translation>还没有人员。请用 hearthctl people import 导入台账。</translation>
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
        <location line="+5"/>
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
    <name>UnlockPage</name>
    <message>
        <location filename="../../qml/pages/UnlockPage.qml" line="+9"/>
        <source>Enter your PIN</source>
        <translation>请输入 PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The records on this device are encrypted.</source>
        <translation>本机上的记录已加密保存。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>hearth::app::SessionController</name>
    <message>
        <location filename="../controllers/sessioncontroller.cpp" line="+66"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
</context>
</TS>
