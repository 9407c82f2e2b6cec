package dev.eddy.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A CHOKE on a channel, sent by us or received from the remote peer. */
@Name("dev.eddy.ppspp.Choke")
@Label("PPSPP Choke")
@Description("A CHOKE message changed a channel's choke state; By Remote Peer tells who choked whom")
public final class ChokeEvent extends ChokeStateEvent {}
