using Notifier.Azure.WebPubSub.Rest;
using Notifier.Emulator.Permissions;

namespace Notifier.Emulator.Tests.Permissions;

public class PermissionSetTests
{
    [Fact]
    public void NoRoles_AllowNothing()
    {
        var permissions = new PermissionSet([]);

        Assert.False(permissions.CanJoinLeave("g"));
        Assert.False(permissions.CanSendTo("g"));
        Assert.False(permissions.Check(GroupPermission.SendToGroup, null));
    }

    [Fact]
    public void PlainRoles_AllowEveryGroup_OfTheirKindOnly()
    {
        var permissions = new PermissionSet(["webpubsub.joinLeaveGroup"]);

        Assert.True(permissions.CanJoinLeave("any.group"));
        Assert.True(permissions.Check(GroupPermission.JoinLeaveGroup, null));
        Assert.False(permissions.CanSendTo("any.group"));
    }

    [Fact]
    public void GroupRoles_AllowExactlyThatGroup_CaseSensitively()
    {
        var permissions = new PermissionSet(["webpubsub.sendToGroup.news", "webpubsub.joinLeaveGroup.chat-*"]);

        Assert.True(permissions.CanSendTo("news"));
        Assert.False(permissions.CanSendTo("News"));
        Assert.False(permissions.CanJoinLeave("news"));
        Assert.True(permissions.CanJoinLeave("chat-*"));
        Assert.False(permissions.CanJoinLeave("chat-1"));
    }

    [Fact]
    public void WildcardRoles_AllowMatchingGroups()
    {
        var permissions = new PermissionSet(["webpubsub.sendToGroups.chat-*", "webpubsub.joinLeaveGroups.team.**"]);

        Assert.True(permissions.CanSendTo("chat-1"));
        Assert.False(permissions.CanSendTo("chat.1"));
        Assert.False(permissions.CanJoinLeave("chat-1"));
        Assert.True(permissions.CanJoinLeave("team.a.b"));
        Assert.False(permissions.CanJoinLeave("team"));
        Assert.False(permissions.Check(GroupPermission.SendToGroup, null));
    }

    [Fact]
    public void DoubleStarRole_AllowsEveryGroup()
    {
        var permissions = new PermissionSet(["webpubsub.sendToGroups.**"]);

        Assert.True(permissions.CanSendTo("x.y"));
        Assert.True(permissions.Check(GroupPermission.SendToGroup, null));
    }

    [Fact]
    public void RevokeOfOneGroup_OverridesAMatchingWildcard_UntilGrantedAgain()
    {
        var permissions = new PermissionSet(["webpubsub.sendToGroups.chat-*"]);

        Assert.True(permissions.Revoke(GroupPermission.SendToGroup, "chat-1"));
        Assert.False(permissions.CanSendTo("chat-1"));
        Assert.True(permissions.CanSendTo("chat-2"));

        Assert.True(permissions.Grant(GroupPermission.SendToGroup, "chat-1"));
        Assert.True(permissions.CanSendTo("chat-1"));
    }

    [Fact]
    public void RevokeOfOneGroup_OverridesTheAllGroupsRole()
    {
        var permissions = new PermissionSet(["webpubsub.joinLeaveGroup"]);

        permissions.Revoke(GroupPermission.JoinLeaveGroup, "secret");

        Assert.False(permissions.CanJoinLeave("secret"));
        Assert.True(permissions.CanJoinLeave("public"));
        Assert.False(permissions.Check(GroupPermission.JoinLeaveGroup, null));
    }

    [Fact]
    public void GrantAndRevokeWithoutGroup_ReplaceEverything()
    {
        var permissions = new PermissionSet(["webpubsub.sendToGroups.chat-*", "webpubsub.sendToGroup.news"]);
        permissions.Revoke(GroupPermission.SendToGroup, "chat-1");

        permissions.Grant(GroupPermission.SendToGroup, null);
        Assert.True(permissions.CanSendTo("chat-1"));
        Assert.True(permissions.CanSendTo("anything"));
        Assert.True(permissions.Check(GroupPermission.SendToGroup, null));

        permissions.Revoke(GroupPermission.SendToGroup, null);
        Assert.False(permissions.CanSendTo("chat-2"));
        Assert.False(permissions.CanSendTo("news"));
    }

    [Fact]
    public void Grant_OfOneGroup_AddsToTheRoles()
    {
        var permissions = new PermissionSet(["webpubsub.sendToGroup.news"]);

        permissions.Grant(GroupPermission.SendToGroup, "sports");

        Assert.True(permissions.CanSendTo("news"));
        Assert.True(permissions.CanSendTo("sports"));
        Assert.True(permissions.Revoke(GroupPermission.SendToGroup, "news"));
        Assert.False(permissions.CanSendTo("news"));
    }

    [Fact]
    public void InvalidRoles_AreIgnored_NotFatal()
    {
        var permissions = new PermissionSet([@"webpubsub.sendToGroups.a\", "webpubsub.sendToGroups.******", "webpubsub.sendToGroup.   ", "webpubsub.sendToGroups", "custom.role", "webpubsub.sendToGroup.ok"]);

        Assert.True(permissions.CanSendTo("ok"));
        Assert.False(permissions.CanSendTo("a"));
        Assert.False(permissions.CanSendTo("   "));
    }

    [Fact]
    public void PerGroupRules_AreLimited()
    {
        var permissions = new PermissionSet([]);
        for (var i = 0; i < PermissionSet.MaxLiteralRules; i++)
        {
            Assert.True(permissions.Grant(GroupPermission.SendToGroup, "g" + i));
        }

        Assert.False(permissions.Grant(GroupPermission.SendToGroup, "one-too-many"));
        Assert.False(permissions.CanSendTo("one-too-many"));
        Assert.True(permissions.Grant(GroupPermission.JoinLeaveGroup, "other-kind"));
        Assert.True(permissions.Revoke(GroupPermission.SendToGroup, "g0"));
        Assert.True(permissions.Grant(GroupPermission.SendToGroup, "one-too-many"));
    }

    [Theory]
    [InlineData(true, "webpubsub.joinLeaveGroup", "webpubsub.sendToGroup.news", "webpubsub.sendToGroups.chat-*", "custom")]
    [InlineData(false, @"webpubsub.sendToGroups.a\")]
    [InlineData(false, "webpubsub.joinLeaveGroups.******")]
    [InlineData(false, "webpubsub.joinLeaveGroups")]
    [InlineData(false, "webpubsub.sendToGroup.  ")]
    public void TryValidate_ChecksPatternsAndGroupNames(bool valid, params string[] roles)
    {
        Assert.Equal(valid, PermissionSet.TryValidate(roles, out var error));
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void TryValidate_LimitsPatternsPerPermission()
    {
        var ten = Enumerable.Range(0, 10).Select(i => $"webpubsub.sendToGroups.p{i}-*").ToList();

        Assert.True(PermissionSet.TryValidate([.. ten, "webpubsub.joinLeaveGroups.x-*"], out _));
        Assert.False(PermissionSet.TryValidate([.. ten, "webpubsub.sendToGroups.x-*"], out var error));
        Assert.Contains("At most 10", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentChanges_AndChecks_StayConsistent()
    {
        var permissions = new PermissionSet(["webpubsub.sendToGroups.g*"]);
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var group = $"g{w}-{i % 50}";
                permissions.Revoke(GroupPermission.SendToGroup, group);
                permissions.Grant(GroupPermission.SendToGroup, group);
            }
        }));
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                // Never revoked, so a torn snapshot would show here.
                Assert.True(permissions.CanSendTo("gx"));
            }
        });

        await Task.WhenAll([.. writers, reader]);

        for (var w = 0; w < 8; w++)
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.True(permissions.CanSendTo($"g{w}-{i}"));
            }
        }
    }
}
