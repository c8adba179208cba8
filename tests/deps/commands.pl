#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
# commands.pl FILE...: print "FILE:LINE WORD" for every word that stands
# where a shell would run a command, in the bash scripts given.  Comments,
# quoted text, ${...} expansions and here-documents are blanked out (the
# code inside $(...) is kept, quoted or not); leading VAR=value
# assignments and the command words of timeout, env, xargs, exec, nice and
# chroot are looked through.  Deliberately simple: it errs on the side of
# printing a word, and tests/deps-audit.sh decides what each word is.
use strict;
use warnings;

# blank(TEXT): TEXT with everything that is not code replaced by spaces,
# newlines kept so that line numbers stay right.
sub blank {
	my ($t) = @_;
	my $out = '';
	# Each context is 'code', 'dq' (in "..."), or 'param' (in ${...});
	# a 'code' context opened by $( inside "..." closes at its ')'.
	my @ctx = ('code');
	my @depth = (0);
	my $len = length($t);
	my ($heredoc, $pending) = (undef, 0);
	for (my $i = 0; $i < $len; $i++) {
		my $c = substr($t, $i, 1);
		my $cx = $ctx[-1];
		if (defined $heredoc) {
			if ($c eq "\n") {
				my $rest = substr($t, $i + 1);
				if ($rest =~ /^(\t*\Q$heredoc\E[ \t]*)(?:\n|$)/) {
					$out .= "\n" . (' ' x length($1));
					$i += length($1);
					$heredoc = undef;
					next;
				}
			}
			$out .= $c eq "\n" ? "\n" : ' ';
			next;
		}
		if ($c eq "\n") {
			$out .= "\n" x (1 + $pending);
			$pending = 0;
			next;
		}
		if ($c eq '\\') {
			# A line continuation joins the lines; the newline is
			# given back at the end of the joined line.
			$pending++ if substr($t, $i + 1, 1) eq "\n";
			$out .= $cx eq 'code' ? '  ' : "\x01\x01";
			$i++;
			next;
		}
		if ($cx eq 'param') {
			pop @ctx, pop @depth if $c eq '}';
			$out .= "\x01";
			next;
		}
		if ($c eq '$' && substr($t, $i + 1, 1) eq '{') {
			push @ctx, 'param';
			push @depth, 0;
			$out .= $cx eq 'dq' ? "\x01\x01" : "\$\x01";
			$i++;
			next;
		}
		if ($c eq '$' && substr($t, $i, 3) eq '$((') {
			my ($j, $d) = ($i + 3, 2);
			for (; $j < $len && $d > 0; $j++) {
				my $k = substr($t, $j, 1);
				$d++ if $k eq '(';
				$d-- if $k eq ')';
			}
			$out .= ' ' x ($j - $i);
			$i = $j - 1;
			next;
		}
		if ($c eq '$' && substr($t, $i + 1, 1) eq '(') {
			push @ctx, 'code';
			push @depth, 0;
			$out .= $cx eq 'dq' ? ' ;' : '$(';
			$i++;
			next;
		}
		if ($cx eq 'dq') {
			pop @ctx, pop @depth if $c eq '"';
			$out .= "\x01";
			next;
		}
		# code
		if ($c eq "'") {
			my $j = index($t, "'", $i + 1);
			$j = $len - 1 if $j < 0;
			(my $s = substr($t, $i, $j - $i + 1)) =~ s/[^\n]/\x01/g;
			$out .= $s;
			$i = $j;
			next;
		}
		if ($c eq '"') {
			push @ctx, 'dq';
			push @depth, 0;
			$out .= "\x01";
			next;
		}
		if ($c eq '#' && ($i == 0 || substr($t, $i - 1, 1) =~ /[\s;]/)) {
			my $j = index($t, "\n", $i);
			$j = $len if $j < 0;
			$out .= ' ' x ($j - $i);
			$i = $j - 1;
			next;
		}
		if ($c eq '<' && substr($t, $i, 3) =~ /^<<[^<]/ &&
		    substr($t, $i) =~ /^(<<-?\s*["']?(\w+)["']?)/) {
			$heredoc = $2;
			$out .= ' ' x length($1);
			$i += length($1) - 1;
			next;
		}
		if ($#ctx > 0) {
			$depth[-1]++ if $c eq '(';
			if ($c eq ')') {
				if ($depth[-1] == 0) {
					pop @ctx;
					pop @depth;
					$out .= $ctx[-1] eq 'dq' ? ';' : ')';
					next;
				}
				$depth[-1]--;
			}
		}
		$out .= $c;
	}
	return $out;
}

for my $file (@ARGV) {
	open(my $fh, '<', $file) or die "$file: $!\n";
	my $text = do { local $/; <$fh> };
	close($fh);
	my $n = 0;
	for my $code (split(/\n/, blank($text), -1)) {
		$n++;
		# Redirections and case patterns are no commands.
		$code =~ s/[0-9]*(>&|<&)[0-9-]*|&>>?/ /g;
		$code =~ s/(^|;;)\s*[^\s()]+\)/$1 /g;
		$code =~ s/\bin\s+[^\s()]+\)/ /g;
		# Split at every place a new command starts.
		for my $part (split(/\|\||&&|;;|[;|&()`]|(?:^|\s)[{}](?=\s|$)|\bthen\b|\bdo\b|\belse\b|\belif\b|\bif\b|\bwhile\b|\buntil\b|!\s/, $code)) {
			my @w = split(' ', $part);
			shift @w while @w && $w[0] =~ /^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=/;
			while (@w && $w[0] =~ /^(timeout|env|xargs|exec|nice|chroot|command)$/) {
				my $wrapper = shift @w;
				print "$file:$n $wrapper\n" unless $wrapper =~ /^(exec|command)$/;
				shift @w while @w && ($w[0] =~ /^-/ || $w[0] =~ /^[0-9]+[smh]?$/ ||
					$w[0] =~ /^[A-Za-z_][A-Za-z0-9_]*=/ ||
					($wrapper eq 'chroot' && $w[0] =~ m{^[\$/]}));
			}
			next unless @w;
			my $word = $w[0];
			next if $word =~ /^(fi|done|esac|in|case|for|function|select|\[\[|\]\]|\[|\]|[0-9]*[<>].*)$/;
			# Paths are the harness's own scripts, or variables.
			next if $word =~ /^[\$.\/~=*?+-]/ || $word =~ /[\$"=\/\x01]/;
			print "$file:$n $word\n";
		}
	}
}
