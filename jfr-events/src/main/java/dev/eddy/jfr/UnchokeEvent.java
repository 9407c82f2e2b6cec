package dev.eddy.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A UNCHOKE on a channel, sent by us or received from the remote peer. */
@Name("dev.eddy.ppspp.Unchoke")
@Label("PPSPP Unchoke")
@Description("A UNCHOKE message changed a channel's choke state; By Remote Peer tells who unchoked whom")
public final class UnchokeEvent extends ChokeStateEvent {}
