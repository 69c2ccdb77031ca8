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
        <location filename="../../qml/pages/HomePage.qml" line="+16"/>
        <source>Hearth</source>
        <translation>暖心走访</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No records yet</source>
        <translation>还没有记录</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Visits, people and services you record will appear here. Everything is saved encrypted on this device and works without a network.</source>
        <translation>您记录的走访、人员和服务会显示在这里。所有数据都加密保存在本机，没有网络也能使用。</translation>
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
        <translation>管理员解锁命令：hearthctl --store "%1" unlock</translation>
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
        <location line="+21"/>
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
        <location filename="../controllers/sessioncontroller.cpp" line="+62"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
</context>
</TS>
